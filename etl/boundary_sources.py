"""Extract boundaries: GADM (downloaded once into a cache) or any local vector file, reprojected to EPSG:4326."""

from __future__ import annotations

import hashlib
import shutil
import sys
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import pyogrio
from pyproj import CRS
from pyproj.exceptions import CRSError
from tqdm import tqdm

from bandotheche.codes import check_column, gso_code
from bandotheche.config import Settings
from bandotheche.errors import DownloadError, InputError

GADM_FILE = "gadm41_VNM_3.json.zip"
GADM_LICENCE = ("GADM 4.1 (gadm.org): free for academic and other non-commercial use; "
                "redistribution or commercial use is not allowed without permission.")
GADM_COLUMNS = {"province": "NAME_1", "district": "NAME_2", "commune": "NAME_3"}
NAME_FIELDS = ("province", "district", "commune")
CODE_FIELDS = ("province_code", "district_code", "commune_code")
VECTOR_SUFFIXES = (".shp", ".geojson", ".json", ".gpkg", ".fgb")


@dataclass(frozen=True)
class BoundarySource:
    """Features with the columns of NAME_FIELDS/CODE_FIELDS that the source has, in EPSG:4326, and provenance."""

    features: gpd.GeoDataFrame
    name: str
    source: str
    licence: str
    checksum: str
    source_date: date | None = None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def parse_column_mapping(text: str | None) -> dict[str, str]:
    """'province=TEN_TINH,commune_code=MA_XA' → {'province': 'TEN_TINH', 'commune_code': 'MA_XA'}."""
    if not text:
        return {}
    mapping = {}
    for part in text.split(","):
        key, sep, column = part.partition("=")
        key = key.strip()
        if not sep or key not in NAME_FIELDS + CODE_FIELDS or not column.strip():
            raise InputError(f"bad column mapping {part!r}: write FIELD=COLUMN with FIELD one of "
                             f"{', '.join(NAME_FIELDS + CODE_FIELDS)}")
        mapping[key] = column.strip()
    return mapping


def _gdal_path(path: Path) -> str:
    """The path GDAL reads: a zip's single vector member through /vsizip/."""
    if path.suffix.lower() != ".zip":
        return str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist() if m.lower().endswith(VECTOR_SUFFIXES)]
            archive.testzip()
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{path}: not a readable zip archive ({exc}); download or copy it again") from exc
    if len(members) != 1:
        raise InputError(f"{path}: expected one vector file (.shp, .geojson, .gpkg) in the zip, found {members or 'none'}")
    return f"/vsizip/{path}/{members[0]}"


def read_vector_file(path: Path, columns: dict[str, str], crs: str | None = None) -> gpd.GeoDataFrame:
    """Read a GeoJSON, zipped Shapefile or GeoPackage; keep the mapped columns; reproject to EPSG:4326."""
    if not path.exists():
        raise InputError(f"boundary file {path} not found")
    try:
        frame = pyogrio.read_dataframe(_gdal_path(path))
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError) as exc:
        raise InputError(f"{path}: cannot read as a vector file ({str(exc).splitlines()[0]}); "
                         "give a GeoJSON, a zipped Shapefile or a GeoPackage") from exc
    missing = [column for column in columns.values() if column not in frame.columns]
    if missing:
        raise InputError(f"{path}: missing columns {missing}; the file has {list(frame.columns.drop('geometry'))}; "
                         "map them with --columns province=COL,district=COL,commune=COL")
    if not ({"commune", "commune_code"} & columns.keys()):
        raise InputError(f"{path}: no commune column mapped; pass --columns commune=COL or commune_code=COL")
    if len(frame) == 0:
        raise InputError(f"{path}: the file has no features")
    frame = frame[list(columns.values()) + ["geometry"]].rename(columns={v: k for k, v in columns.items()})
    for field in CODE_FIELDS:
        if field in frame:  # features counted as rows from 1
            frame[field] = check_column(frame[field], gso_code, file=path, column=columns[field], first_row=1,
                                        level=field.removesuffix("_code"))
    return _to_wgs84(frame, path, crs)


def _to_wgs84(frame: gpd.GeoDataFrame, path: Path, crs: str | None) -> gpd.GeoDataFrame:
    if crs:
        try:
            frame = frame.set_crs(CRS.from_user_input(crs), allow_override=True)
        except CRSError as exc:
            raise InputError(f"--crs {crs!r} is not a coordinate reference system ({exc})") from exc
    if frame.crs is None:
        raise InputError(f"{path}: the file does not say its coordinate reference system; pass --crs, e.g. "
                         "--crs EPSG:4326, or EPSG:5899 for VN-2000 TM-3 at 107°45' (Quảng Nam)")
    frame = frame.to_crs(4326)
    bounds = frame.total_bounds
    if not (100 <= bounds[0] and bounds[2] <= 120 and 0 <= bounds[1] and bounds[3] <= 25):
        raise InputError(f"{path}: after reprojection from {frame.crs} the features lie at {bounds.round(2).tolist()}, "
                         "outside Vietnam; the CRS is probably wrong: pass the right one with --crs")
    return frame


def file_source(path: Path, columns: dict[str, str] | None = None, crs: str | None = None) -> BoundarySource:
    """A local boundary file; without a column mapping it is read with GADM's column names."""
    features = read_vector_file(path, columns or GADM_COLUMNS, crs)
    return BoundarySource(features, name=path.name, source=str(path.resolve()), licence="see the file's provider",
                          checksum=sha256_of(path))


def gadm_file(settings: Settings, *, quiet: bool = False) -> Path:
    """The GADM file: a configured local copy, else the cache, else downloaded once into the cache."""
    for folder in (settings.gadm_dir, settings.cache_dir):
        if folder and (folder / GADM_FILE).exists():
            return folder / GADM_FILE
    return download(settings.gadm_url, settings.cache_dir / GADM_FILE, settings.gadm_sha256, quiet=quiet)


def download(url: str, target: Path, sha256: str | None, *, quiet: bool = False) -> Path:
    """Download to a temporary name, check the checksum, then move into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    print(f"Downloading {url}\n{GADM_LICENCE}", file=sys.stderr)
    try:
        with urllib.request.urlopen(url, timeout=60) as response, open(partial, "wb") as out:
            total = int(response.headers.get("Content-Length") or 0) or None
            with tqdm(total=total, unit="B", unit_scale=True, desc=target.name, disable=quiet) as bar:
                for block in iter(lambda: response.read(1 << 16), b""):
                    out.write(block)
                    bar.update(len(block))
    except (urllib.error.URLError, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise DownloadError(f"cannot download {url} ({exc}); copy {target.name} into {target.parent} "
                            "or set BANDO_GADM_DIR to a folder that holds it") from exc
    if sha256 and (actual := sha256_of(partial)) != sha256:
        partial.unlink()
        raise DownloadError(f"{url}: checksum {actual} does not match the expected {sha256}; the download is "
                            "corrupt or the file has changed (set BANDO_GADM_SHA256 to accept another release)")
    shutil.move(partial, target)
    return target


def gadm_source(settings: Settings, *, quiet: bool = False) -> BoundarySource:
    path = gadm_file(settings, quiet=quiet)
    features = read_vector_file(path, GADM_COLUMNS)
    return BoundarySource(features, name="GADM 4.1", source=settings.gadm_url, licence=GADM_LICENCE,
                          checksum=sha256_of(path), source_date=date(2022, 7, 16))


def open_source(spec: str, settings: Settings, *, columns: str | None = None, crs: str | None = None,
                quiet: bool = False) -> BoundarySource:
    """``gadm`` or a path to a local vector file."""
    if spec == "gadm":
        if columns or crs:
            raise InputError("--columns and --crs apply to a local file, not to --source gadm")
        return gadm_source(settings, quiet=quiet)
    return file_source(Path(spec), parse_column_mapping(columns), crs)
