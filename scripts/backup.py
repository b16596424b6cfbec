"""Back up the database, restore a backup, and check that a backup restores whole.

    python scripts/backup.py backup FILE          # DATABASE_URL's database into FILE
    python scripts/backup.py restore FILE URL     # FILE into the (new, empty) database at URL
    python scripts/backup.py check                # back up, restore into a fresh database,
                                                  # compare row counts per table, drop it

PostgreSQL goes through pg_dump (custom format) and pg_restore; SQLite through its online
backup API (safe while the site runs). `check` exits 1 when a table's count differs.
"""

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = f"sqlite:///{ROOT / 'db.sqlite3'}"


def is_postgres(url):
    return urlsplit(url).scheme in ("postgres", "postgresql", "pgsql")


def sqlite_path(url):
    return environ.Env.db_url_config(url)["NAME"]


def libpq_url(url):
    """The URL as libpq spells it (django-environ also takes postgres:// forms it does not)."""
    return urlunsplit(urlsplit(url)._replace(scheme="postgresql"))


def backup(url, target):
    if is_postgres(url):
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", libpq_url(url)],
            check=True,
        )
        return
    with sqlite3.connect(sqlite_path(url)) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    copy.close()


def restore(source, url):
    if is_postgres(url):
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={libpq_url(url)}", source],
            check=True,
        )
        return
    path = Path(sqlite_path(url))
    if path.exists() and path.stat().st_size:
        raise SystemExit(f"{path} exists: restore into a new database")
    shutil.copyfile(source, path)


def row_counts(url):
    """{table: rows} of every table of the database."""
    if is_postgres(url):
        import psycopg

        with psycopg.connect(libpq_url(url)) as connection:
            tables = [
                name
                for (name,) in connection.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                )
            ]
            return {
                table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                for table in tables
            }
    with sqlite3.connect(sqlite_path(url)) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY 1"
            )
        ]
        counts = {
            table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in tables
        }
    connection.close()
    return counts


def check(url):
    """Back up, restore into a fresh database, compare; 0 when every table has its rows."""
    with tempfile.TemporaryDirectory() as directory:
        dump = Path(directory) / "backup"
        backup(url, dump)
        if is_postgres(url):
            import psycopg

            parts = urlsplit(url)
            fresh_name = f"{parts.path.lstrip('/')}_restore_check"
            admin_url = libpq_url(urlunsplit(parts._replace(path="/postgres")))
            fresh = urlunsplit(parts._replace(path=f"/{fresh_name}"))
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{fresh_name}"')
                admin.execute(f'CREATE DATABASE "{fresh_name}"')
        else:
            fresh = f"sqlite:///{Path(directory) / 'restored.sqlite3'}"
        try:
            restore(dump, fresh)
            before, after = row_counts(url), row_counts(fresh)
        finally:
            if is_postgres(url):
                with psycopg.connect(admin_url, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{fresh_name}"')
    differing = {
        table: (before.get(table), after.get(table))
        for table in before.keys() | after.keys()
        if before.get(table) != after.get(table)
    }
    for table, (was, restored) in sorted(differing.items()):
        print(f"{table}: {was} rows backed up, {restored} restored", file=sys.stderr)
    total = sum(before.values())
    if differing:
        print(f"FAILED: {len(differing)} of {len(before)} tables differ", file=sys.stderr)
        return 1
    print(f"OK: {len(before)} tables, {total} rows, the same after the restore")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("backup").add_argument("file")
    restoring = commands.add_parser("restore")
    restoring.add_argument("file")
    restoring.add_argument("url")
    commands.add_parser("check")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if args.command == "backup":
        backup(url, args.file)
    elif args.command == "restore":
        restore(args.file, args.url)
    else:
        return check(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
