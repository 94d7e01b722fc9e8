# en_US.UTF-8, the image's locale (LANG), the default of new databases.
localedef -i en_US -c -f UTF-8 -A /usr/share/locale/locale.alias en_US.UTF-8

# initdb copies this sample into every new data directory: listen on every
# address, since a container's clients come from outside it.
sample=$(ls /usr/share/postgresql/*/postgresql.conf.sample)
sed -ri "s/^#?(listen_addresses)\s*=\s*\S+.*/\1 = '*'/" "$sample"
grep -q "^listen_addresses = '\*'" "$sample"

# The socket directory, writable by any user the container runs as (--user);
# the data directory, the image's volume.
install -d -o postgres -g postgres -m 3777 /var/run/postgresql
install -d -o postgres -g postgres -m 1777 /var/lib/postgresql/data
install -d -m 0755 /docker-entrypoint-initdb.d

# ssl-cert made a "snakeoil" key and certificate for this build: a key every
# container of the image would share. The image does not enable TLS; who does
# brings a certificate (or runs make-ssl-cert generate-default-snakeoil).
find /etc/ssl/certs -lname '*ssl-cert-snakeoil*' -delete
rm -f /etc/ssl/certs/ssl-cert-snakeoil.pem /etc/ssl/private/ssl-cert-snakeoil.key
