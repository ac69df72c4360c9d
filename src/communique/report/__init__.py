"""Report: the contract JSON, Rich tables, HTML and CSV from one ``CheckResult``."""

from .jsonout import SCHEMA, result_to_dict, result_to_json

__all__ = ["SCHEMA", "result_to_dict", "result_to_json"]
