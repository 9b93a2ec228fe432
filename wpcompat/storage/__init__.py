"""Storage: WordPress's tables, the connection to them, and the queries per table family."""

from wpcompat.storage.connect import check_database_url, open_storage
from wpcompat.storage.database import Storage
from wpcompat.storage.tables import ZERO_DATE, Tables, make_tables

__all__ = ["ZERO_DATE", "Storage", "Tables", "check_database_url", "make_tables", "open_storage"]
