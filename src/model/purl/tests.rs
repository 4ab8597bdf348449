use super::*;

/// (type, folded namespace, folded name, version, qualifiers, subpath), as the spec's
/// test suite writes its expected parse results.
fn parts(
    s: &str,
) -> (
    String,
    Option<String>,
    String,
    Option<String>,
    String,
    Option<String>,
) {
    let p = Purl::new(s);
    assert!(p.is_parsed(), "{s} did not parse");
    let q = p
        .qualifiers()
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    (
        p.ty().unwrap().to_string(),
        p.folded_namespace().map(str::to_string),
        p.folded_name().unwrap().to_string(),
        p.version().map(str::to_string),
        q,
        p.subpath().map(str::to_string),
    )
}

fn s(x: &str) -> String {
    x.to_string()
}

#[test]
fn spec_test_suite_examples() {
    // purl-spec tests/types/*-test.json, "parse" cases.
    assert_eq!(
        parts("pkg:npm/@babel/core#/googleapis/api/annotations/"),
        (
            s("npm"),
            Some(s("@babel")),
            s("core"),
            None,
            s(""),
            Some(s("googleapis/api/annotations"))
        )
    );
    assert_eq!(
        parts("pkg:PYPI/Django_package@1.11.1.dev1"),
        (
            s("pypi"),
            None,
            s("django-package"),
            Some(s("1.11.1.dev1")),
            s(""),
            None
        )
    );
    assert_eq!(
        parts("pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64"),
        (
            s("deb"),
            Some(s("debian")),
            s("attr"),
            Some(s("1:2.4.47-2+b1")),
            s("arch=amd64"),
            None
        )
    );
    assert_eq!(
        parts(
            "pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?type=pom&repositorY_url=repo.spring.io/release"
        ),
        (
            s("maven"),
            Some(s("org.apache.xmlgraphics")),
            s("batik-anim"),
            Some(s("1.9.1")),
            s("repository_url=repo.spring.io/release&type=pom"),
            None
        )
    );
    assert_eq!(
        parts("pkg:github/Package-url/purl-Spec@244fd47e07d1004f0aed9c"),
        (
            s("github"),
            Some(s("package-url")),
            s("purl-spec"),
            Some(s("244fd47e07d1004f0aed9c")),
            s(""),
            None
        )
    );
    assert_eq!(
        parts("pkg:maven/mygroup/myartifact@1.0.0%20Final?mykey=my%20value"),
        (
            s("maven"),
            Some(s("mygroup")),
            s("myartifact"),
            Some(s("1.0.0 Final")),
            s("mykey=my value"),
            None
        )
    );
    assert_eq!(
        parts("pkg:GOLANG/google.golang.org/genproto@abcdedf#/googleapis/api/annotations/"),
        (
            s("golang"),
            Some(s("google.golang.org")),
            s("genproto"),
            Some(s("abcdedf")),
            s(""),
            Some(s("googleapis/api/annotations"))
        )
    );
    assert_eq!(
        parts("pkg:rpm/fedora/centerim@4.22.10-1.el6?arch=i686&epoch=1&distro=fedora-25").4,
        "arch=i686&distro=fedora-25&epoch=1"
    );
    for slashes in [
        "pkg:/maven/org.apache.commons/io",
        "pkg:///maven/org.apache.commons/io",
    ] {
        assert_eq!(parts(slashes).1.as_deref(), Some("org.apache.commons"));
    }
    assert_eq!(
        parts("pkg:maven/HTTPClient/HTTPClient@0.3-3").2,
        "HTTPClient"
    );
}

#[test]
fn raw_text_is_kept_verbatim() {
    let raw = " pkg:NPM/%40Kaspersky/UI-Kit@6.0.0?b=2&a=1 ";
    let p = Purl::new(raw);
    assert_eq!(p.as_str(), raw);
    assert_eq!(&*p, raw);
    assert_eq!(p.to_string(), raw);
    assert_eq!(serde_json::to_string(&p).unwrap(), format!("{raw:?}"));
    assert_eq!(p.namespace(), Some("@Kaspersky"));
    assert_eq!(p.name(), Some("UI-Kit"));
    assert_eq!(p.folded_namespace(), Some("@kaspersky"));
    assert_eq!(p.folded_name(), Some("ui-kit"));
    assert_eq!(p.namespace_key().as_deref(), Some("pkg:npm/%40kaspersky"));
    assert_eq!(
        p.without_version().as_deref(),
        Some("pkg:npm/%40kaspersky/ui-kit")
    );
    assert_eq!(
        p.normalized(Upto::All),
        "pkg:npm/@kaspersky/ui-kit@6.0.0?a=1&b=2"
    );
    assert_eq!(
        p.normalized(Upto::Version),
        "pkg:npm/@kaspersky/ui-kit@6.0.0"
    );
    assert_eq!(p.normalized(Upto::Name), "pkg:npm/@kaspersky/ui-kit");
}

#[test]
fn sloppy_inputs_never_panic_and_never_vanish() {
    for raw in [
        "",
        "pkg:",
        "pkg:npm",
        "pkg:npm/",
        "pkg:npm/@scope/",
        "not a purl",
        "pkg:v0.5.0:*:*:*:*:*:*:*",
        "pkg:golang/go.uber.org/",
        "pkg:n&g?inx/nginx@0.8.9",
        "pkg:npm/%",
        "pkg:npm/é%C3",
        "pkg:npm/x@",
        "pkg:npm/x?&&=&a",
        "pkg:npm/x#/./../",
    ] {
        let p = Purl::new(raw);
        assert_eq!(p.as_str(), raw);
        let _ = (p.normalized(Upto::All), p.without_version(), p.name_key());
    }
    assert!(!Purl::new("pkg:npm").is_parsed());
    assert!(!Purl::new("pkg:npm/").is_parsed());
    assert!(!Purl::new("not a purl").is_parsed());
    // how-to-parse strips trailing '/' before taking the name.
    assert_eq!(
        Purl::new("pkg:golang/go.uber.org/").name(),
        Some("go.uber.org")
    );
    // Real-world sloppiness that still parses.
    let p = Purl::new("PKG:npm/@kaspersky/x@1.0");
    assert_eq!(
        (p.namespace(), p.name(), p.version()),
        (Some("@kaspersky"), Some("x"), Some("1.0"))
    );
    let p = Purl::new("pkg:npm/@kaspersky/x");
    assert_eq!((p.namespace(), p.version()), (Some("@kaspersky"), None));
    let p = Purl::new("pkg:npm/x@1?vcs_url=https://a/b?c=d#e");
    assert_eq!((p.name(), p.version()), (Some("x"), Some("1")));
    let p = Purl::new("pkg:npm/x%ff@1?1bad=2&arch=");
    assert_eq!(
        (p.name(), p.qualifiers()),
        (Some("x%ff"), vec![(s("1bad"), s("2"))])
    );
    let p = Purl::new("pkg:npm/@kaspersky*");
    assert_eq!(
        (p.namespace(), p.name(), p.version()),
        (None, Some("@kaspersky*"), None)
    );
    assert_eq!(Purl::new("pkg:npm/x@").version(), None);
    assert_eq!(Purl::new("pkg:npm/x#/./../").subpath(), None);
}

#[test]
fn case_rules_follow_the_type() {
    let folded = |s: &str| Purl::new(s).normalized(Upto::Name).into_owned();
    assert_eq!(folded("pkg:npm/%40Angular/Core"), "pkg:npm/@angular/core");
    assert_eq!(folded("pkg:pypi/Foo_Bar.baz"), "pkg:pypi/foo-bar.baz");
    assert_eq!(
        folded("pkg:github/KasperskyLab/Klogs"),
        "pkg:github/kasperskylab/klogs"
    );
    assert_eq!(folded("pkg:deb/Debian/Curl"), "pkg:deb/debian/curl");
    assert_eq!(folded("pkg:rpm/Fedora/Curl"), "pkg:rpm/fedora/Curl");
    assert_eq!(
        folded("pkg:maven/com.Huawei.hms/Base"),
        "pkg:maven/com.Huawei.hms/Base"
    );
    // Trivy lowercases Go module paths, syft does not; compare them folded.
    assert_eq!(
        folded("pkg:golang/github.com/Sirupsen/logrus"),
        "pkg:golang/github.com/sirupsen/logrus"
    );
    assert_eq!(
        Purl::new("pkg:golang/github.com/Sirupsen/logrus").namespace(),
        Some("github.com/Sirupsen")
    );
    assert_eq!(
        folded("pkg:nuget/Newtonsoft.Json"),
        "pkg:nuget/Newtonsoft.Json"
    );
    assert_eq!(folded("pkg:Generic/Acme/App"), "pkg:generic/Acme/App");
}

#[test]
fn percent_decoding_keeps_malformed_escapes() {
    assert_eq!(percent_decode("%40a%2"), "@a%2");
    assert_eq!(percent_decode("%zz"), "%zz");
    assert_eq!(percent_decode("%ff"), "%ff");
    assert_eq!(percent_decode("a%C3%A9"), "aé");
    assert_eq!(percent_decode("%"), "%");
    assert!(matches!(percent_decode("plain"), Cow::Borrowed("plain")));
    assert_eq!(percent_decode_strict("%40a").as_deref(), Some("@a"));
    assert_eq!(percent_decode_strict("%4"), None);
    assert_eq!(percent_decode_strict("%ff"), None);
    assert_eq!(percent_decode_strict("plain").as_deref(), Some("plain"));
}

#[test]
fn keys_encode_once_whatever_the_writer_did() {
    let key = |s: &str| Purl::new(s).without_version();
    assert_eq!(key("pkg:npm/@a/b@1"), key("pkg:npm/%40a/b@2?x=y"));
    assert_eq!(
        key("pkg:generic/a%20b/c:d@1").as_deref(),
        Some("pkg:generic/a%20b/c:d")
    );
    assert_eq!(
        Purl::new("pkg:pypi/x@1").namespace_key().as_deref(),
        Some("pkg:pypi")
    );
}

#[test]
fn prefixes_normalise_like_purls() {
    use PrefixKind::*;
    assert_eq!(
        Purl::prefix_key("pkg:npm/@kaspersky", Namespace).unwrap(),
        "pkg:npm/%40kaspersky"
    );
    assert_eq!(
        Purl::prefix_key("PKG:Npm/%40Kaspersky/", Namespace).unwrap(),
        "pkg:npm/%40kaspersky"
    );
    assert_eq!(
        Purl::prefix_key("pkg:pypi/Tencent_Cloud", NamePrefix).unwrap(),
        "pkg:pypi/tencent-cloud"
    );
    assert_eq!(
        Purl::prefix_key("pkg:pypi/Tencent_Cloud", Package).unwrap(),
        "pkg:pypi/tencent-cloud"
    );
    assert_eq!(
        Purl::prefix_key("pkg:rpm/Fedora/Curl", Package).unwrap(),
        "pkg:rpm/fedora/Curl"
    );
    assert_eq!(
        Purl::prefix_key("pkg:rpm/Fedora", Package).unwrap(),
        "pkg:rpm/fedora"
    );
    assert!(Purl::prefix_key("maven/x", Namespace).is_err());
    assert!(Purl::prefix_key("pkg:maven", Namespace).is_err());
    assert!(Purl::prefix_key("pkg:maven/x?type=jar", Namespace).is_err());
    assert!(Purl::prefix_key("pkg:npm/%4", Namespace).is_err());
    assert!(Purl::prefix_key("pkg:npm//x", Namespace).is_err());
    // A prefix key compares with the keys of a parsed purl.
    let p = Purl::new("pkg:pypi/tencent_cloud_sdk@1");
    let head = Purl::prefix_key("pkg:pypi/Tencent-Cloud", NamePrefix).unwrap();
    let (ns, name) = head.rsplit_once('/').unwrap();
    assert_eq!(p.namespace_key().as_deref(), Some(ns));
    assert!(p.name_key().unwrap().starts_with(name));
}

#[test]
fn namespaces_as_written() {
    // Moved from provenance/ident.rs, where `purl_namespace` parsed purls a second time.
    let ns = |p: &str| Purl::new(p).namespace().map(str::to_string);
    assert_eq!(
        ns("pkg:maven/com.kaspersky.components/kaspresso@1.5.3").as_deref(),
        Some("com.kaspersky.components")
    );
    assert_eq!(
        ns("pkg:npm/%40kaspersky/ui-kit@6.0.0").as_deref(),
        Some("@kaspersky")
    );
    assert_eq!(
        ns("pkg:npm/@kaspersky/ui-kit@6.0.0?x=1#a/b").as_deref(),
        Some("@kaspersky")
    );
    assert_eq!(
        ns("pkg:github/KasperskyLab/klogs@v1").as_deref(),
        Some("KasperskyLab")
    );
    assert_eq!(
        ns("pkg:golang/github.com/mitchellh/go-homedir@v1.1.0").as_deref(),
        Some("github.com/mitchellh")
    );
    let deb = Purl::new("pkg:deb/debian/curl@7.50.3-1?arch=i386");
    assert_eq!((deb.ty(), deb.namespace()), (Some("deb"), Some("debian")));
    assert_eq!(ns("pkg:npm/lodash@4.17.21"), None);
    assert_eq!(ns("not a purl"), None);
    assert_eq!(ns("pkg:"), None);
}
