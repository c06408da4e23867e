"""Demo statistics: a seeded, deterministic generator for every unit and agency of Quảng Nam, 2021-01 to 2022-12.

DEMO DATA, NOT OFFICIAL FIGURES: every value is stored with is_demo = true and shown as such. Units differ the way
they do in life: mountain districts receive fewer dossiers, fewer of them online, and resolve more of them late than
the coastal cities; every unit improves over the two years. The real 2021 ranks of Quảng Nam
(data/evaluation_ranks_quang_nam_2021.csv) are imported beside it as real, sourced data.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from bandotheche import DATA_DIR
from layers.periods import Period, month_range

from .import_tables import VALUE_COLUMNS, ParsedBatch
from .stat_units import StatUnitResolver

PROVINCE = "49"
SEED = 766
FIRST, LAST = Period(2021, "month", 1), Period(2022, "month", 12)
REAL_RANKS = DATA_DIR / "evaluation_ranks_quang_nam_2021.csv"
# Quảng Nam's districts by terrain (GSO codes).
MOUNTAIN = {"504", "505", "510", "511", "512", "514", "515", "516", "519"}
CITY = {"502", "503", "507"}
# Monthly dossiers of the provincial agencies: transport (driving licences), planning (business registration),
# justice (criminal records), natural resources (land) carry most; the inspectorate and the office very few.
AGENCY_VOLUME = {"49.SGTVT": 3500, "49.SKHDT": 1500, "49.STP": 1400, "49.STNMT": 1200, "49.SLDTBXH": 700,
                 "49.SYT": 600, "49.SXD": 400, "49.SCT": 450, "49.SNNPTNT": 350, "49.SGDDT": 300, "49.SVHTTDL": 200,
                 "49.STTTT": 120, "49.SNV": 150, "49.STC": 120, "49.SKHCN": 60, "49.BQLKKT": 250, "49.SNGV": 40,
                 "49.BDT": 15, "49.TTR": 10, "49.VP": 20}
# Target disbursement rate by month (cumulative share of the year's plan), as the province sets them.
TARGET_BY_MONTH = (5, 10, 15, 22, 30, 40, 48, 55, 65, 75, 85, 95)


def _profiles(resolver: StatUnitResolver) -> pd.DataFrame:
    """One row per unit: code, level, district_code, terrain and the parameters the generator draws from."""
    units = resolver.units.units
    rows = [{"code": PROVINCE, "level": "province", "district_code": None, "terrain": "province", "kind": ""}]
    for unit in units[(units.province_code == PROVINCE) & (units.level != "province")].itertuples():
        district = unit.code if unit.level == "district" else unit.parent_code
        terrain = "mountain" if district in MOUNTAIN else "city" if district in CITY else "plain"
        urban = unit.type in ("Phường", "Thị trấn")
        rows.append({"code": unit.code, "level": unit.level, "district_code": district,
                     "terrain": f"{terrain}_urban" if urban and unit.level == "commune" else terrain, "kind": ""})
    agencies = resolver.agencies[resolver.agencies.province_code == PROVINCE]
    rows += [{"code": a.code, "level": "agency", "district_code": None, "terrain": "agency", "kind": a.kind}
             for a in agencies.itertuples()]
    frame = pd.DataFrame(rows)
    volume = {"mountain": 35, "plain": 110, "city": 160, "mountain_urban": 90, "plain_urban": 190,
              "city_urban": 260, "province": 0, "agency": 900}
    online = {"mountain": 0.06, "plain": 0.16, "city": 0.28, "mountain_urban": 0.12, "plain_urban": 0.22,
              "city_urban": 0.34, "province": 0.0, "agency": 0.30}
    late = {"mountain": 0.05, "plain": 0.025, "city": 0.012, "mountain_urban": 0.035, "plain_urban": 0.02,
            "city_urban": 0.01, "province": 0.0, "agency": 0.018}
    terrain_key = frame.terrain
    frame["volume"] = terrain_key.map(volume).astype(float)
    frame.loc[frame.level == "district", "volume"] = frame.loc[frame.level == "district", "terrain"].map(
        {"mountain": 260, "plain": 520, "city": 760})
    is_agency = frame.level == "agency"
    frame.loc[is_agency, "volume"] = frame.loc[is_agency, "code"].map(AGENCY_VOLUME).fillna(0)  # boards: investors
    frame["online"] = terrain_key.map(online)
    frame["late"] = terrain_key.map(late)
    return frame


def _dossier_measures(profiles: pd.DataFrame, months: list[Period], rng: np.random.Generator) -> dict:
    n, t = len(profiles), len(months)
    progress = np.linspace(0, 1, t)[None, :]  # two years of improvement
    unit_skill = rng.normal(0, 1, n)[:, None]  # some units are better than their neighbours
    season = 1 + 0.15 * np.sin(2 * np.pi * (np.arange(t) % 12 - 2) / 12)[None, :]  # a busy spring, a slow Tết
    lam = profiles.volume.to_numpy()[:, None] * season * (1 + 0.25 * progress) * np.exp(0.25 * unit_skill)
    new = rng.poisson(lam)
    online_p = np.clip(profiles.online.to_numpy()[:, None] * (1 + 1.1 * progress) + 0.03 * unit_skill, 0.01, 0.95)
    postal_p = np.full((n, t), 0.015)
    online = rng.binomial(new, online_p)
    postal = rng.binomial(new - online, postal_p)
    direct = new - online - postal
    late_p = np.clip(profiles.late.to_numpy()[:, None] * (1 - 0.5 * progress) * np.exp(-0.4 * unit_skill), 0.001, 0.3)
    carried = np.zeros((n, t), dtype=np.int64)
    measures = {k: np.zeros((n, t), dtype=np.int64) for k in (
        "resolved_early", "resolved_ontime", "resolved_late", "pending_within", "pending_overdue", "refused",
        "cancelled")}
    pending = rng.poisson(lam[:, 0] * 0.08)
    for m in range(t):
        carried[:, m] = pending
        open_now = pending + new[:, m]
        refused = rng.binomial(open_now, 0.004)
        cancelled = rng.binomial(open_now - refused, 0.006)
        resolved = rng.binomial(open_now - refused - cancelled, 0.91)
        late = rng.binomial(resolved, late_p[:, m])
        early = rng.binomial(resolved - late, 0.72)
        pending = open_now - refused - cancelled - resolved
        overdue = rng.binomial(pending, np.clip(late_p[:, m] * 2, 0, 0.5))
        for key, value in (("resolved_early", early), ("resolved_ontime", resolved - late - early),
                           ("resolved_late", late), ("pending_within", pending - overdue),
                           ("pending_overdue", overdue), ("refused", refused), ("cancelled", cancelled)):
            measures[key][:, m] = value
    resolved_all = measures["resolved_early"] + measures["resolved_ontime"] + measures["resolved_late"]
    apology = rng.binomial(measures["resolved_late"], np.clip(0.55 + 0.4 * progress + 0.05 * unit_skill, 0, 1))
    fee = rng.binomial(new, 0.42)
    feedback = rng.binomial(resolved_all, 0.12)
    digitised_p = np.clip(0.25 + 0.55 * progress + online_p * 0.3 + 0.04 * unit_skill, 0, 0.99)
    procedures = np.select([profiles.level == "commune", profiles.level == "district", profiles.level == "agency"],
                           [110, 290, 70], 0)[:, None] * np.ones((1, t), dtype=np.int64)
    procedures = np.where(profiles.volume.to_numpy()[:, None] > 0, procedures, 0)
    services = (procedures * 0.55).astype(np.int64)
    measures.update({
        "carried_over": carried, "received_online": online, "received_direct": direct, "received_postal": postal,
        "returned_supplement": rng.binomial(new, 0.03), "extended": rng.binomial(new, 0.004),
        "apology_letters": apology, "late_without_apology": measures["resolved_late"] - apology,
        "digitised": rng.binomial(new, digitised_p),
        "results_electronic": rng.binomial(resolved_all, np.clip(digitised_p - 0.1, 0, 1)),
        "fee_dossiers": fee, "paid_online": rng.binomial(fee, np.clip(online_p * 0.7, 0, 1)),
        "synced_national": rng.binomial(carried + new, np.clip(0.85 + 0.13 * progress, 0, 1)),
        "feedback_total": feedback,
        "feedback_satisfied": rng.binomial(feedback, np.clip(0.9 + 0.03 * unit_skill, 0.5, 1)),
        "procedures_total": procedures,
        "procedures_published": procedures - rng.binomial(procedures, 0.03 * (1 - progress)),
        "services_total": services,
        "services_full_online": rng.binomial(services, np.clip(0.35 + 0.5 * progress + 0.05 * unit_skill, 0, 1)),
    })
    has_dossiers = profiles.volume.to_numpy() > 0
    return {k: v[has_dossiers] for k, v in measures.items()}, profiles[has_dossiers]


def _investment_measures(profiles: pd.DataFrame, months: list[Period], rng: np.random.Generator) -> tuple:
    investors = profiles[profiles.level.isin(["district", "commune"]) | (profiles.kind.isin(
        ["project_board", "department"]))]
    n = len(investors)
    scale = np.select([investors.kind == "project_board", investors.level == "district", investors.level == "agency"],
                      [600_000, 150_000, 40_000], 6_000).astype(float)
    plan_central = rng.gamma(4, scale / 4) * (investors.level != "commune")
    plan_local = rng.gamma(4, scale / 4)
    speed = np.clip(rng.normal(1, 0.18, n) - 0.12 * (investors.terrain == "mountain"), 0.45, 1.2)
    out = {k: np.zeros((n, len(months))) for k in ("invest_plan_central", "invest_plan_local",
                                                   "invest_disbursed_central", "invest_disbursed_local")}
    for j, month in enumerate(months):
        growth = 1.0 if month.year == 2021 else 1.12
        share = np.clip((TARGET_BY_MONTH[month.number - 1] / 100) * speed * rng.normal(1, 0.03, n), 0, 1)
        for budget, plan in (("central", plan_central), ("local", plan_local)):
            out[f"invest_plan_{budget}"][:, j] = np.round(plan * growth)
            out[f"invest_disbursed_{budget}"][:, j] = np.round(plan * growth * share, 1)
    return out, investors


def _ddci(profiles: pd.DataFrame, rng: np.random.Generator) -> list[tuple]:
    ranked = profiles[(profiles.level == "district") | (profiles.kind == "department")]
    records = []
    for year in (2021, 2022):
        for level in ("district", "agency"):
            group = ranked[ranked.level == level]
            base = np.where(group.terrain == "mountain", 62, 68)
            scores = np.round(np.clip(base + rng.normal(0, 4, len(group)) + (year - 2021) * 1.5, 40, 95), 2)
            ranks = pd.Series(scores).rank(ascending=False, method="min").to_numpy()
            for code, score, rank in zip(group.code, scores, ranks):
                records += [(code, str(year), "ddci_score", score), (code, str(year), "ddci_rank", float(rank))]
    return records


def generate_demo(resolver: StatUnitResolver, seed: int = SEED) -> ParsedBatch:
    """Every base measure for every unit and agency of Quảng Nam and every month of 2021–2022."""
    rng = np.random.default_rng(seed)
    months = month_range(FIRST, LAST)
    keys = [str(m) for m in months]
    profiles = _profiles(resolver)
    attributes = profiles.set_index("code")[["level", "district_code"]]
    frames = []
    for measures, units in (_dossier_measures(profiles, months, rng), _investment_measures(profiles, months, rng)):
        for measure, matrix in measures.items():
            frames.append(pd.DataFrame({"unit_code": np.repeat(units.code.to_numpy(), len(keys)),
                                        "period": np.tile(keys, len(units)), "measure": measure,
                                        "value": matrix.astype(float).ravel()}))
    frames.append(pd.DataFrame({"unit_code": PROVINCE, "period": keys, "measure": "invest_target_rate",
                                "value": [float(TARGET_BY_MONTH[m.number - 1]) for m in months]}))
    frames.append(pd.DataFrame(_ddci(profiles, rng), columns=["unit_code", "period", "measure", "value"]))
    values = pd.concat(frames, ignore_index=True)
    values["level"] = values.unit_code.map(attributes.level)
    values["district_code"] = values.unit_code.map(attributes.district_code)
    values["province_code"] = PROVINCE
    values = values[VALUE_COLUMNS]
    checksum = hashlib.sha256(pd.util.hash_pandas_object(values, index=False).to_numpy().tobytes()).hexdigest()
    return ParsedBatch(Path(f"demo generator (seed {seed})"), checksum, "demo", len(values), values)
