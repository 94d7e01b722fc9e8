# nginx as the official image lays it out, on Debian's package: sites are
# /etc/nginx/conf.d/*.conf (Debian's sites-enabled/default goes), the
# welcome page is /usr/share/nginx/html, and the logs are the container's
# output (docker logs), not files.
rm -f /etc/nginx/sites-enabled/default
ln -sf /dev/stdout /var/log/nginx/access.log
ln -sf /dev/stderr /var/log/nginx/error.log
test -f /usr/share/nginx/html/index.html
