#!/bin/sh
# Restore a dump made by backup.sh, read from standard input, into a new database owned by the
# role backstretch (the database in use is not touched; docs/deploy/README.md says how to
# switch over). As root, so that the dump can be read from backstretch's own folder:
#   sudo -u postgres /usr/local/lib/backstretch/restore.sh backstretch_restored < DUMP_FILE
set -eu
if [ $# -ne 1 ]; then
  echo "Usage: restore.sh NEW_DATABASE < DUMP_FILE" >&2
  exit 2
fi
role=${BACKSTRETCH_ROLE:-backstretch}
createdb --owner="$role" "$1"
pg_restore --exit-on-error --no-owner --role="$role" --dbname="$1"
echo "Restored into the database $1."
