"""History storage: the repository interface, its implementations and the migrations.

Importing this package loads no database library; `open_repository` loads what the chosen
database needs.
"""

from backstretch.storage.database import database_url, open_repository
from backstretch.storage.memory import MemoryRepository
from backstretch.storage.repository import Repository, SessionNotFound, StorageError

__all__ = [
    "MemoryRepository",
    "Repository",
    "SessionNotFound",
    "StorageError",
    "database_url",
    "open_repository",
]
