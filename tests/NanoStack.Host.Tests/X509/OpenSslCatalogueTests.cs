using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Tls.X509;

namespace NanoStack.Host.Tests.X509
{
    /// <summary>
    /// A catalogue of certificates made by the installed openssl at test time (temporary
    /// directory, time-bounded), each parsed whole, in 1-byte chunks and split in two at every
    /// offset, and compared field by field with X509Certificate2.
    /// </summary>
    [TestClass]
    public class OpenSslCatalogueTests
    {
        private sealed class Entry
        {
            public string Name;
            public byte[] Der;
            public CertStatus Expected;
        }

        private static List<Entry> Build(string dir)
        {
            void Run(string args) => OpenSsl.MustRun(dir, args);
            var list = new List<Entry>();
            void Add(string name, CertStatus expected) =>
                list.Add(new Entry { Name = name, Der = File.ReadAllBytes(Path.Combine(dir, name + ".der")), Expected = expected });

            // Root: P-384, SHA-384, pathLen 0, name constraints.
            Run("ecparam -name secp384r1 -genkey -noout -out ca.key");
            Run("req -x509 -new -key ca.key -sha384 -days 3650 -subj \"/C=XX/O=Catalogue/CN=Catalogue Root\" "
                + "-addext \"basicConstraints=critical,CA:TRUE,pathlen:0\" -addext \"keyUsage=critical,keyCertSign,cRLSign,digitalSignature\" "
                + "-addext \"nameConstraints=critical,permitted;DNS:.example\" -addext \"subjectKeyIdentifier=hash\" -set_serial 7 -out ca.pem");
            Run("x509 -in ca.pem -outform DER -out root_p384_nc.der");
            Add("root_p384_nc", CertStatus.Ok);

            void Key(string file, string args) => Run(args + " -out " + file);
            Key("rsa2048.key", "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048");
            Key("rsa3072.key", "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -pkeyopt rsa_keygen_pubexp:3");
            Key("rsa4096.key", "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096");
            Key("p256.key", "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256");
            Key("p521.key", "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521");
            Key("k256.key", "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1");
            Key("ed25519.key", "genpkey -algorithm ED25519");

            void Leaf(string name, string key, string digest, string serial, string subject, CertStatus expected, string sigopts, params string[] ext)
            {
                Run("req -new -utf8 -key " + key + " -subj \"" + subject + "\" -out " + name + ".csr");
                string extArgs = "";
                if (ext.Length > 0)
                {
                    File.WriteAllLines(Path.Combine(dir, name + ".ext"), new[] { "[v3]" }.Concat(ext));
                    extArgs = " -extfile " + name + ".ext -extensions v3";
                }
                Run("x509 -req -in " + name + ".csr -CA ca.pem -CAkey ca.key -set_serial " + serial + " -days 397 "
                    + digest + " " + sigopts + extArgs + " -outform DER -out " + name + ".der");
                Add(name, expected);
            }

            string[] std =
            {
                "basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature,keyEncipherment",
                "extendedKeyUsage=serverAuth", "subjectKeyIdentifier=hash", "authorityKeyIdentifier=keyid,issuer",
            };
            Leaf("rsa2048_sha256", "rsa2048.key", "-sha256", "0x01", "/CN=a.example", CertStatus.Ok, "", std.Append("subjectAltName=DNS:a.example").ToArray());
            Leaf("rsa3072_e3_sha384", "rsa3072.key", "-sha384", "0x7fffffffffffffffffffffffffffffffffffffff", "/CN=b.example/O=Org+OU=Unit", CertStatus.Ok, "", std.Append("subjectAltName=DNS:b.example").ToArray());
            Leaf("rsa4096_sha512", "rsa4096.key", "-sha512", "0x8000000000000000000000000000000000000001", "/CN=c.example", CertStatus.Ok, "", std.Append("subjectAltName=DNS:c.example").ToArray());
            Leaf("p256_sha512", "p256.key", "-sha512", "12345", "/CN=d.example", CertStatus.Ok, "", "extendedKeyUsage=anyExtendedKeyUsage", "subjectAltName=IP:10.1.2.3,IP:::1");
            Leaf("p256_codesign", "p256.key", "-sha256", "12346", "/CN=e.example", CertStatus.Ok, "", "extendedKeyUsage=codeSigning", "keyUsage=nonRepudiation,keyAgreement,encipherOnly,decipherOnly");
            Leaf("p256_noext", "p256.key", "-sha256", "12347", "/CN=v1.example", CertStatus.Ok, "");
            Leaf("p521_key", "p521.key", "-sha384", "12348", "/CN=f.example", CertStatus.UnsupportedKey, "", std);
            Leaf("k256_key", "k256.key", "-sha384", "12349", "/CN=g.example", CertStatus.UnsupportedKey, "", std);
            Leaf("ed25519_key", "ed25519.key", "-sha384", "12350", "/CN=h.example", CertStatus.UnsupportedKey, "", std);
            Leaf("many_names", "p256.key", "-sha256", "12351", "/CN=i.example", CertStatus.TooManyNames, "",
                "subjectAltName=" + string.Join(",", Enumerable.Range(0, 20).Select(i => "DNS:n" + i + ".example")));
            Leaf("utf8_subject", "p256.key", "-sha256", "12352", "/CN=J\u00fcrgen \u65e5\u672c/O=\u00c9cole/L=K\u00f8benhavn", CertStatus.Ok, "", std);
            Leaf("long_subject", "p256.key", "-sha256", "12353",
                "/CN=k.example/OU=" + new string('x', 60) + "/OU=" + new string('y', 60) + "/OU=" + new string('z', 60)
                + "/OU=" + new string('w', 60) + "/OU=" + new string('v', 60) + "/OU=" + new string('u', 60)
                + "/OU=" + new string('t', 60) + "/OU=" + new string('s', 60), CertStatus.NameTooLong, "", std);
            Leaf("unknown_noncritical", "p256.key", "-sha256", "12354", "/CN=l.example", CertStatus.Ok, "",
                "1.3.6.1.4.1.55555.2=DER:04:03:01:02:03", "subjectAltName=DNS:l.example", "authorityInfoAccess=caIssuers;URI:http://ca.example/ca.crt",
                "crlDistributionPoints=URI:http://ca.example/ca.crl", "certificatePolicies=2.23.140.1.2.1");
            Leaf("unknown_critical", "p256.key", "-sha256", "12355", "/CN=m.example", CertStatus.UnknownCriticalExtension, "",
                "1.3.6.1.4.1.55555.3=critical,DER:05:00");
            Leaf("ca_intermediate", "p256.key", "-sha384", "12356", "/CN=Intermediate", CertStatus.Ok, "",
                "basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign", "subjectKeyIdentifier=hash", "authorityKeyIdentifier=keyid");

            // RSASSA-PSS signed (self-signed RSA-2048 with two parameter sets).
            Run("req -x509 -new -key rsa2048.key -sha384 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:-1 -days 30 -subj \"/CN=pss384\" -out pss384.pem");
            Run("x509 -in pss384.pem -outform DER -out pss_sha384_digestlen.der");
            Add("pss_sha384_digestlen", CertStatus.Ok);
            Run("req -x509 -new -key rsa2048.key -sha512 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:20 -sigopt rsa_mgf1_md:sha256 -days 30 -subj \"/CN=pss512\" -out pss512.pem");
            Run("x509 -in pss512.pem -outform DER -out pss_sha512_mgf256.der");
            Add("pss_sha512_mgf256", CertStatus.Ok);
            // Ed25519 self-signed: both key and signature algorithm unsupported (the first is reported).
            Run("req -x509 -new -key ed25519.key -days 30 -subj \"/CN=ed\" -out ed.pem");
            Run("x509 -in ed.pem -outform DER -out ed25519_self.der");
            Add("ed25519_self", CertStatus.UnsupportedSignatureAlgorithm);
            // sha1WithRSAEncryption: parsed, but the signature algorithm is not supported.
            Run("req -x509 -new -key rsa2048.key -sha1 -days 30 -subj \"/CN=sha1\" -out sha1.pem");
            Run("x509 -in sha1.pem -outform DER -out rsa_sha1_self.der");
            Add("rsa_sha1_self", CertStatus.UnsupportedSignatureAlgorithm);
            return list;
        }

        [TestMethod]
        public void CatalogueMatchesDotNetWhateverTheChunking()
        {
            TestEnvironment.Require(OpenSsl.Available(), "the openssl command line (apt-get install -y openssl)");
            string dir = Path.Combine(Path.GetTempPath(), "nanostack-x509-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                List<Entry> entries = Build(dir);
                var info = new CertificateInfo();
                var parser = new CertificateParser(info);
                foreach (Entry e in entries)
                {
                    var sink = new CertificateOracle.CollectingSink();
                    CertStatus s = CertificateOracle.Parse(e.Der, info, sink, e.Der.Length);
                    Assert.AreEqual(e.Expected, s, e.Name);
                    if (info.Complete)
                    {
                        CertificateOracle.AssertMatchesDotNet(e.Der, info, sink.Bytes.ToArray(), e.Name);
                    }
                    string expected = CertificateOracle.Describe(s, info);
                    Assert.AreEqual(expected, CertificateOracle.Describe(CertificateOracle.Parse(e.Der, info, null, 1), info), e.Name + " 1-byte");
                    for (int split = 0; split <= e.Der.Length; split++)
                    {
                        parser.Reset(info, null);
                        byte[] a = e.Der.AsSpan(0, split).ToArray();
                        byte[] b = e.Der.AsSpan(split).ToArray();
                        parser.Feed(a, 0, a.Length);
                        if (parser.Status == CertStatus.InProgress)
                        {
                            parser.Feed(b, 0, b.Length);
                        }
                        Assert.AreEqual(expected, CertificateOracle.Describe(parser.Finish(), info), e.Name + " split " + split);
                    }
                    Console.WriteLine(e.Name + ": " + s + ", " + e.Der.Length + " bytes, key " + info.KeyType + ", " + info.SignatureAlgorithm);
                }
                Assert.IsTrue(entries.Count >= 20);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
