# The postgres user and group get fixed ids (999, as in the official image)
# before the packages would make them with whatever id is free.
groupadd --system --gid 999 postgres
useradd --system --gid postgres --uid 999 --home-dir /var/lib/postgresql --shell /bin/bash postgres
install -d -o postgres -g postgres /var/lib/postgresql

# Debian's postgresql-15 creates a cluster ("main") as it installs. The image
# creates its database when a container first starts (docker-entrypoint.sh),
# with the user, password and database the container asks for: no cluster now.
apt-get install -y --no-install-recommends postgresql-common
grep -q '^#create_main_cluster' /etc/postgresql-common/createcluster.conf
sed -i 's/^#create_main_cluster.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
