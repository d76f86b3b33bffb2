#!/bin/sh
# Makes the certificates of this folder (run in an empty temporary directory, then copy the
# *.der files listed in README.md here). Keys are thrown away; only the certificates are kept.
set -e
# CA: ECDSA P-256, basicConstraints cA with pathLen 1
openssl ecparam -name prime256v1 -genkey -noout -out ca.key
openssl req -x509 -new -key ca.key -sha256 -days 7300 -subj "/C=XX/O=NanoStack Test/CN=NanoStack Test CA" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:1" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -addext "subjectKeyIdentifier=hash" -set_serial 0x1001 -outform DER -out ca_p256_pathlen1.der
openssl x509 -inform DER -in ca_p256_pathlen1.der -out ca.pem
leaf() { # name keyfile serial ext...
  name=$1; key=$2; serial=$3; shift 3
  openssl req -new -key $key -subj "/CN=$name.example" -out $name.csr
  printf '%s\n' "[v3]" "$@" > $name.ext
  openssl x509 -req -in $name.csr -CA ca.pem -CAkey ca.key -set_serial $serial -days 825 -sha256 \
    -extfile $name.ext -extensions v3 -outform DER -out $name.der
}
openssl genrsa -out rsa2048.key 2048 2>/dev/null
openssl genrsa -out rsa4096.key 4096 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out p256.key
openssl ecparam -name secp384r1 -genkey -noout -out p384.key
BASE="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid"
leaf leaf_rsa2048 rsa2048.key 0x2001 "$BASE" "subjectAltName=DNS:leaf-rsa2048.example"
leaf leaf_rsa4096 rsa4096.key 0x00ff2002 "$BASE" "subjectAltName=DNS:leaf-rsa4096.example"
leaf leaf_p256 p256.key 0x2003 "$BASE" "subjectAltName=DNS:leaf-p256.example"
leaf leaf_p384 p384.key 0x2004 "$BASE" "subjectAltName=DNS:leaf-p384.example"
leaf leaf_many_sans p256.key 0x2005 "$BASE" "subjectAltName=DNS:many.example,DNS:*.many.example,DNS:www.many.example,IP:192.0.2.7,IP:2001:db8::7,email:admin@many.example,URI:https://many.example/,DNS:xn--bcher-kva.example"
leaf leaf_unknown_critical p256.key 0x2006 "$BASE" "subjectAltName=DNS:unknown-critical.example" "1.3.6.1.4.1.55555.1=critical,DER:05:00"
# expired: "openssl x509 -req" cannot set past dates, "openssl ca" can
mkdir -p db && : > db/index.txt && echo 2007 > db/serial
cat > ca.cnf <<'CNF'
[ca]
default_ca=c
[c]
database=db/index.txt
serial=db/serial
new_certs_dir=db
certificate=ca.pem
private_key=ca.key
default_md=sha384
policy=p
copy_extensions=none
unique_subject=no
[p]
commonName=supplied
[v3]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
subjectAltName=DNS:expired.example
CNF
openssl req -new -key p384.key -subj "/CN=expired.example" -out expired.csr
openssl ca -batch -config ca.cnf -extensions v3 -startdate 20000101000000Z -enddate 20010301120000Z -in expired.csr -out expired.pem -notext 2>/dev/null
openssl x509 -in expired.pem -outform DER -out leaf_p384_expired.der
# RSASSA-PSS signature (SHA-256, MGF1-SHA-256, salt 32), self-signed RSA-2048, notAfter 2051 (GeneralizedTime)
openssl req -new -key rsa2048.key -subj "/CN=pss.example" -out pss.csr
printf '%s\n' "[v3]" "basicConstraints=CA:FALSE" "subjectAltName=DNS:pss.example" > pss.ext
echo 3001 > db/serial
openssl ca -batch -config ca.cnf -selfsign -keyfile rsa2048.key -cert /dev/null -extensions v3 -startdate 20240101000000Z -enddate 20510101000000Z -in pss.csr -out pss.pem -notext -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -md sha256 2>&1 | tail -2 || true
openssl x509 -in pss.pem -outform DER -out self_rsa2048_pss.der
