//! Code-signing certificates: the subject of the certificate that signed a PE (Authenticode,
//! `WIN_CERTIFICATE` entries holding PKCS#7 SignedData) or a Mach-O (the CMS blob of its code
//! signature). Who signed, not whether the signature holds: nothing here checks a digest, a
//! chain or a date, and every subject is reported as unverified.

use cms::cert::CertificateChoices;
use cms::cert::x509::der::{Decode, SliceReader};
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};

/// The detail of every signer observation.
pub(super) const UNVERIFIED: &str = "unverified: the signature is not checked";

/// `WIN_CERT_TYPE_PKCS_SIGNED_DATA`.
const PKCS_SIGNED_DATA: u16 = 2;
/// At most this many `WIN_CERTIFICATE` entries are read.
const MAX_ENTRIES: usize = 8;

/// The signer subjects of a PE attribute-certificate table, in table order.
pub(super) fn authenticode_subjects(table: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = table;
    for _ in 0..MAX_ENTRIES {
        let Some(h) = rest.get(..8) else { break };
        let len = u32::from_le_bytes([h[0], h[1], h[2], h[3]]) as usize;
        let kind = u16::from_le_bytes([h[6], h[7]]);
        let Some(body) = rest.get(8..len.max(8)) else {
            break;
        };
        if kind == PKCS_SIGNED_DATA
            && let Some(s) = cms_signer(body)
            && !out.contains(&s)
        {
            out.push(s);
        }
        // Entries are 8-byte aligned.
        let next = len.saturating_add(7) & !7;
        if next < 8 {
            break;
        }
        let Some(r) = rest.get(next..) else { break };
        rest = r;
    }
    out
}

/// The subject (RFC 4514, most significant last: `CN=AO Kaspersky Lab,O=AO Kaspersky
/// Lab,C=RU`) of the certificate that made the first signature in a CMS SignedData. Trailing
/// bytes after the DER structure (padding) are ignored.
pub(super) fn cms_signer(der: &[u8]) -> Option<String> {
    let mut reader = SliceReader::new(der).ok()?;
    let info = ContentInfo::decode(&mut reader).ok()?;
    let signed: SignedData = info.content.decode_as().ok()?;
    let certs: Vec<_> = signed
        .certificates
        .as_ref()?
        .0
        .iter()
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => Some(c),
            CertificateChoices::Other(_) => None,
        })
        .collect();
    let signer = signed.signer_infos.0.iter().next()?;
    let cert = match &signer.sid {
        SignerIdentifier::IssuerAndSerialNumber(id) => certs.iter().find(|c| {
            c.tbs_certificate.issuer == id.issuer
                && c.tbs_certificate.serial_number == id.serial_number
        }),
        // Rare in code signing: take the leaf, the one certificate that issued none of the others.
        SignerIdentifier::SubjectKeyIdentifier(_) => certs.iter().find(|c| {
            !certs.iter().any(|o| {
                o.tbs_certificate.issuer == c.tbs_certificate.subject
                    && o.tbs_certificate.subject != c.tbs_certificate.subject
            })
        }),
    }?;
    let subject = cert.tbs_certificate.subject.to_string();
    (!subject.trim().is_empty()).then_some(subject)
}
