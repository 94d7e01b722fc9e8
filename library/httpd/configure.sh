# Apache as the official image runs it, on Debian's package: every log goes
# to the container's output (docker logs) instead of /var/log/apache2.
ln -sf /dev/stdout /var/log/apache2/access.log
ln -sf /dev/stdout /var/log/apache2/other_vhosts_access.log
ln -sf /dev/stderr /var/log/apache2/error.log
