"""Errors as a reader sees them: a Vietnamese (or English) page with the right status, never a traceback."""

from __future__ import annotations

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException

from bandotheche.errors import BandoError, DatabaseError, InputError, SchemaOutdated, UnknownUnitError

from .i18n import request_language, translate

# A database that cannot be used, as a reader sees it (the log gets the technical reason).
DATABASE_DOWN = {
    "title": {"vi": "Tạm thời gián đoạn", "en": "Service unavailable"},
    "unavailable": {"vi": "Không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít phút; nếu lỗi còn kéo dài, "
                          "hãy báo cho quản trị viên.",
                    "en": "The database cannot be reached right now. Please try again in a few minutes; if this "
                          "goes on, tell the administrator."},
    "outdated": {"vi": "Cơ sở dữ liệu chưa được nâng cấp cho phiên bản này của ứng dụng. Quản trị viên chạy lệnh "
                       "bandotheche db upgrade.",
                 "en": "The database has not been upgraded for this version of the application. An administrator "
                       "runs bandotheche db upgrade."},
}


class BadParameter(InputError):
    """A query parameter the page cannot use; ``why`` is already in both languages."""

    def __init__(self, name: str, value: str, why: dict[str, str]):
        super().__init__(f"parameter {name}={value!r}: {why['en']}")
        self.name, self.value, self.why = name, value, why


class UnknownIndicatorError(InputError):
    def __init__(self, indicator_id: str):
        super().__init__(f"no indicator {indicator_id!r}")
        self.indicator_id = indicator_id


class NoDataError(BandoError):
    """The database holds no statistics for what was asked (e.g. a fresh database before any import)."""

    def __init__(self, indicator_title: dict[str, str]):
        super().__init__(f"no data yet for {indicator_title['en']}")
        self.indicator_title = indicator_title


class ServerBusy(BandoError):
    """Every build slot stayed taken while the page waited (responses.render_once): try again shortly."""


class UnknownCodeError(UnknownUnitError):
    def __init__(self, code: str):
        super().__init__(f"no administrative unit with code {code!r}")
        self.code = code


def _message(error: Exception, language: str) -> tuple[int, str]:
    if isinstance(error, UnknownCodeError):
        return 404, translate("unknown_unit", language, code=error.code)
    if isinstance(error, UnknownIndicatorError):
        return 404, translate("unknown_indicator", language, id=error.indicator_id)
    if isinstance(error, NoDataError):
        return 503, translate("no_data_loaded", language, title=error.indicator_title[language])
    if isinstance(error, BadParameter):
        return 400, translate("bad_param", language, name=error.name, value=error.value, why=error.why[language])
    if isinstance(error, InputError):  # raised below the web layer, in English: say what it is about first
        return 400, translate("bad_request_detail", language, detail=str(error))
    if isinstance(error, ServerBusy):
        return 503, translate("server_busy", language)
    if isinstance(error, DatabaseError):
        return 503, DATABASE_DOWN["outdated" if isinstance(error, SchemaOutdated) else "unavailable"][language]
    return 500, translate("error_500_text", language)


def error_response(status: int, message: str, language: str, title: str | None = None):
    wants_json = request.path.startswith("/api/") or request.path == "/openapi.json"
    if wants_json:
        return {"error": {"status": status, "message": message}}, status
    title = title or translate(f"error_title_{status}" if status in (400, 404, 500, 503) else "error_title_500",
                               language)
    return render_template("error.html", status=status, title=title, message=message), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(BandoError)
    def project_error(error: BandoError):
        status, message = _message(error, request_language())
        if status == 500:
            app.logger.exception("request failed: %s", request.full_path)
        if isinstance(error, DatabaseError):  # one line per request: the cause is outside the code
            app.logger.error("database unavailable: %s %s: %s", request.method, request.full_path, error)
            return error_response(status, message, request_language(), DATABASE_DOWN["title"][request_language()])
        response = error_response(status, message, request_language())
        if isinstance(error, ServerBusy):
            app.logger.warning("busy: %s %s waited for a build slot", request.method, request.full_path)
            body, status = response
            return body, status, {"Retry-After": "5"}
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 404:
            return error_response(404, translate("not_found_page", request_language()), request_language())
        return error_response(error.code or 500, error.description or "", request_language())

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("request failed: %s", request.full_path)
        return error_response(500, translate("error_500_text", request_language()), request_language())
