#!/usr/bin/env bash
# Regenerates the TLS test certificates of the autotests (kept in git; rerun only to renew
# or change them). Pyro5's bundled certificates have expired, hence our own set:
#
#   ca.pem / ca.key                 the test CA every good certificate chains to
#   server.pem / server.key         localhost, 127.0.0.1, ::1 (EC P-256 key, no password)
#   server-encrypted.key            the same key, encrypted with password "serverpass"
#   server-wronghost.pem/.key       valid and trusted, but only for otherhost.invalid
#   server-expired.pem/.key         localhost, trusted, expired in 2021
#   client.pem / client.key         client certificate "QtPyro Test Client" (RSA 2048 key)
#   client-encrypted.key            the same key, encrypted with password "clientpass"
#   client2.pem / client2.key       a second trusted client, "QtPyro Other Client"
#   client-expired.pem/.key         trusted client certificate that expired in 2021
#   untrusted-ca.pem                a CA nobody trusts
#   untrusted-client.pem/.key       client certificate of the untrusted CA
#   cadir/                          ca.pem under its OpenSSL hash name (SSL_CACERTS as a directory)
#
# Everything good is valid for 20 years. Only the openssl command line is used.
set -euo pipefail
cd "$(dirname "$0")"
days=7300
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

eckey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
rsakey() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null; }

make_ca() { # name key subject
    openssl req -x509 -new -key "$2" -sha256 -days "$days" -subj "$3" -out "$1" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
}

# sign <csr-key> <out.pem> <subject> <extensions> <ca.pem> <ca.key> [startdate enddate]
sign() {
    local key=$1 out=$2 subject=$3 ext=$4 ca=$5 cakey=$6 start=${7:-} end=${8:-}
    openssl req -new -key "$key" -subj "$subject" -out "$work/req.csr"
    printf '%s\n' "$ext" > "$work/ext.cnf"
    if [ -z "$start" ]; then
        openssl x509 -req -in "$work/req.csr" -CA "$ca" -CAkey "$cakey" -CAcreateserial \
            -CAserial "$work/serial" -sha256 -days "$days" -extfile "$work/ext.cnf" -out "$out" 2>/dev/null
    else
        # x509 -req cannot backdate; a throwaway "openssl ca" setup can.
        mkdir -p "$work/ca"
        : > "$work/ca/index.txt"
        [ -f "$work/ca/serial" ] || echo 1000 > "$work/ca/serial"
        cat > "$work/ca.cnf" <<CNF
[ ca ]
default_ca = test
[ test ]
dir = $work/ca
database = \$dir/index.txt
new_certs_dir = \$dir
serial = \$dir/serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[ anything ]
commonName = supplied
organizationName = optional
CNF
        openssl ca -batch -config "$work/ca.cnf" -cert "$ca" -keyfile "$cakey" -in "$work/req.csr" \
            -startdate "$start" -enddate "$end" -extfile "$work/ext.cnf" -notext -out "$out" 2>/dev/null
    fi
}

server_ext='basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1'
client_ext='basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth'

eckey ca.key
make_ca ca.pem ca.key "/O=QtPyro/CN=QtPyro Test CA"

eckey server.key
sign server.key server.pem "/O=QtPyro/CN=localhost" "$server_ext" ca.pem ca.key
openssl pkey -in server.key -aes256 -passout pass:serverpass -out server-encrypted.key

eckey server-wronghost.key
sign server-wronghost.key server-wronghost.pem "/O=QtPyro/CN=otherhost.invalid" \
    "${server_ext%subjectAltName=*}subjectAltName=DNS:otherhost.invalid" ca.pem ca.key

eckey server-expired.key
sign server-expired.key server-expired.pem "/O=QtPyro/CN=localhost" "$server_ext" ca.pem ca.key \
    20200101000000Z 20210101000000Z

rsakey client.key
sign client.key client.pem "/O=QtPyro/CN=QtPyro Test Client" "$client_ext" ca.pem ca.key
openssl pkey -in client.key -aes256 -passout pass:clientpass -out client-encrypted.key

eckey client2.key
sign client2.key client2.pem "/O=QtPyro/CN=QtPyro Other Client" "$client_ext" ca.pem ca.key

eckey client-expired.key
sign client-expired.key client-expired.pem "/O=QtPyro/CN=QtPyro Expired Client" "$client_ext" ca.pem ca.key \
    20200101000000Z 20210101000000Z

eckey "$work/untrusted-ca.key"
make_ca untrusted-ca.pem "$work/untrusted-ca.key" "/O=Elsewhere/CN=Untrusted Test CA"
eckey untrusted-client.key
sign untrusted-client.key untrusted-client.pem "/O=Elsewhere/CN=QtPyro Test Client" "$client_ext" \
    untrusted-ca.pem "$work/untrusted-ca.key"

rm -rf cadir
mkdir cadir
cp ca.pem "cadir/$(openssl x509 -hash -noout -in ca.pem).0"

for c in server.pem server-wronghost.pem server-expired.pem client.pem client2.pem client-expired.pem untrusted-client.pem; do
    printf '%-22s %s\n' "$c" "$(openssl x509 -in "$c" -noout -enddate)"
done
