#!/bin/sh
# gen-test-certs.sh: a private certificate authority and the certificates StructD's TLS tests
# (and users trying TLS out) need, made with the `openssl` command-line tool.
#
# Usage: scripts/gen-test-certs.sh [DIR]        (default DIR: tests/tls)
#
# Writes into DIR:
#   ca.key ca.crt            the CA (self-signed, RSA)        -> tls-ca-cert-file, redis-cli --cacert
#   server.key server.crt    server certificate, CN=localhost, subjectAltName DNS:localhost and
#                            IP:127.0.0.1 (and IP:::1), extendedKeyUsage serverAuth
#                                                             -> tls-cert-file, tls-key-file
#   client.key client.crt    client certificate, CN=client, extendedKeyUsage clientAuth
#                                                             -> redis-cli --cert/--key,
#                                                                tls-client-cert-file/-key-file
#   redis.crt redis.key      copies of server.crt/server.key (the names Redis's docs use)
#   redis.dh                 Diffie-Hellman parameters        -> tls-dh-params-file
#
# Environment:
#   KEY_BITS=2048     RSA key size of every key
#   DAYS=3650         validity of every certificate
#   DH=ffdhe2048      redis.dh holds: ffdhe2048 / ffdhe3072 / ffdhe4096, the RFC 7919 groups
#                     (instant); generate, a fresh safe prime of DH_BITS bits with
#                     `openssl dhparam` (seconds to minutes); none, no redis.dh
#   DH_BITS=2048      size of a generated prime
#   CA_NAME           common name of the CA (default: StructD Test CA)
#
# Existing files in DIR are replaced. Keys are written mode 600. Every file is written to a
# temporary name first and renamed into place, so a crash never leaves half a key behind.
set -eu

DIR=${1:-tests/tls}
KEY_BITS=${KEY_BITS:-2048}
DAYS=${DAYS:-3650}
DH=${DH:-ffdhe2048}
DH_BITS=${DH_BITS:-2048}
CA_NAME=${CA_NAME:-StructD Test CA}

case "$DH" in
    ffdhe2048|ffdhe3072|ffdhe4096|generate|none) ;;
    *) echo "gen-test-certs: DH must be ffdhe2048, ffdhe3072, ffdhe4096, generate or none" >&2; exit 1 ;;
esac
command -v openssl >/dev/null 2>&1 || {
    echo "gen-test-certs: the openssl command is missing (Debian package openssl)" >&2
    exit 1
}

mkdir -p "$DIR"
work=$(mktemp -d "$DIR/.gen-XXXXXX")
trap 'rm -rf "$work"' EXIT
umask 077

# new_key NAME: an RSA private key in $work/NAME.key (PKCS#8 PEM, unencrypted).
new_key() {
    openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$KEY_BITS" -out "$work/$1.key" 2>/dev/null
}

# The CA: self-signed, CA:true, allowed to sign certificates. Its own small config, so the
# result does not depend on the system's openssl.cnf.
new_key ca
cat >"$work/ca.cnf" <<EOF
[req]
distinguished_name = dn
prompt = no
x509_extensions = v3_ca
[dn]
O = StructD Test
CN = $CA_NAME
[v3_ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF
openssl req -x509 -new -sha256 -config "$work/ca.cnf" -key "$work/ca.key" -days "$DAYS" \
    -out "$work/ca.crt"

# sign NAME SUBJECT EXTENSIONS: a certificate for $work/NAME.key signed by the CA.
sign() {
    name=$1 subject=$2 extensions=$3
    new_key "$name"
    openssl req -new -sha256 -key "$work/$name.key" -subj "$subject" -out "$work/$name.csr"
    printf '%s\n' "$extensions" >"$work/$name.ext"
    # A random serial (the CA keeps no serial file between runs).
    openssl x509 -req -sha256 -in "$work/$name.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" \
        -set_serial "0x$(openssl rand -hex 16)" -days "$DAYS" -extfile "$work/$name.ext" \
        -out "$work/$name.crt" 2>/dev/null
}

sign server "/O=StructD Test/CN=localhost" "basicConstraints = CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1"

sign client "/O=StructD Test/CN=client" "basicConstraints = CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth"

cp "$work/server.crt" "$work/redis.crt"
cp "$work/server.key" "$work/redis.key"

# "BEGIN DH PARAMETERS" PEM, the form Redis (OSSL_DECODER, type DH) reads; `dhparam
# -dsaparam` would write X9.42 parameters, which it refuses.
case "$DH" in
    ffdhe2048|ffdhe3072|ffdhe4096)
        openssl genpkey -genparam -algorithm DH -pkeyopt "group:$DH" -out "$work/redis.dh" ;;
    generate)
        openssl dhparam -out "$work/redis.dh" "$DH_BITS" 2>/dev/null ;;
    none) ;;
esac

# Certificates are public; keys stay private to the owner.
chmod 644 "$work"/*.crt
[ -f "$work/redis.dh" ] && chmod 644 "$work/redis.dh"

for f in ca.key ca.crt server.key server.crt client.key client.crt redis.key redis.crt redis.dh; do
    [ -f "$work/$f" ] || continue
    # Same filesystem (inside DIR): rename is atomic. sync first so the rename never
    # exposes a file whose data is not on disk yet.
    sync "$work/$f" 2>/dev/null || true
    mv -f "$work/$f" "$DIR/$f"
done
echo "gen-test-certs: wrote CA, server and client certificates to $DIR" >&2
