# Debian marks its Python as managed by apt (PEP 668), so `pip install`
# refuses to run. In an image the image is the environment: pip installs
# into /usr/local (Debian's pip puts them there, apart from apt's
# /usr/lib/python3/dist-packages), as in the official image.
rm -f /usr/lib/python3.*/EXTERNALLY-MANAGED
