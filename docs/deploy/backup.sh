#!/bin/sh
# Dump backstretch's database to one file a day, keeping 30 days of them; prints the file.
# Run by backstretch-backup.service as the user backstretch. PostgreSQL's own variables
# (PGHOST, PGPORT, PGUSER) choose another server; BACKSTRETCH_DATABASE another database.
set -eu
folder=${BACKSTRETCH_BACKUPS:-/var/backups/backstretch}
database=${BACKSTRETCH_DATABASE:-backstretch}
file="$folder/$database-$(date +%Y-%m-%d).dump"
pg_dump --format=custom --file="$file.part" "$database"
mv "$file.part" "$file"
find "$folder" -name "$database-*.dump" -mtime +30 -delete
echo "$file"
