//! CycloneDX XML services (1.2+) and component evidence (1.3+) into the wire model: the parts of
//! the DOM walk that only newer documents have.

use roxmltree::Node;

use super::{Builder, attr, first, list, text};
use crate::ingest::cyclonedx::MAX_DEPTH;
use crate::ingest::cyclonedx::wire::{
    Callstack, CopyrightW, DataFlow, Evidence, Flag, Frame, Identities, Identity, Method,
    Occurrence, Score, Service,
};

impl<'a> Builder<'a, '_> {
    /// `<service>`: provider, endpoints, flags, trust zone, data, references, properties and
    /// the services behind it (stubs below [`MAX_DEPTH`], so the mapping can say so).
    pub(super) fn service(&mut self, s: Node<'a, '_>, depth: usize) -> Service {
        let mut out = Service {
            bom_ref: attr(s, "bom-ref"),
            line: self.line(s),
            ..Service::default()
        };
        let mut nested = Vec::new();
        for (name, e) in self.elements(s) {
            match name {
                "provider" if out.provider.is_none() => out.provider = Some(self.entity(e)),
                "group" => first(&mut out.group, e),
                "name" => first(&mut out.name, e),
                "version" => first(&mut out.version, e),
                "description" => first(&mut out.description, e),
                "endpoints" if out.endpoints.is_none() => {
                    out.endpoints = list(self.each(e, "endpoint").filter_map(text).collect());
                }
                "authenticated" => out.authenticated = flag(e),
                "x-trust-boundary" => out.trust_boundary = flag(e),
                "trustZone" => first(&mut out.trust_zone, e),
                "data" if out.data.is_none() => out.data = Some(self.data(e)),
                "licenses" if out.licenses.is_none() => out.licenses = Some(self.licenses(e)),
                "externalReferences" if out.external_references.is_none() => {
                    out.external_references = Some(self.references(e));
                }
                "properties" if out.properties.is_none() => {
                    out.properties = Some(self.properties(e));
                }
                "releaseNotes" if out.release_notes.is_none() => {
                    out.release_notes = Some(self.release_notes(e));
                }
                "services" => {
                    for n in self.each(e, "service") {
                        nested.push(if depth >= MAX_DEPTH {
                            Service::default()
                        } else {
                            self.service(n, depth + 1)
                        });
                    }
                }
                _ => {}
            }
        }
        out.services = Some(nested);
        out
    }

    /// `<data>`: 1.2-1.4 `<classification flow="...">` children; 1.5+ `<dataflow name="...">`
    /// with a classification, `<source>` and `<destination>` URLs.
    fn data(&self, d: Node<'a, '_>) -> Vec<DataFlow> {
        let mut out = Vec::new();
        for (name, e) in self.elements(d) {
            match name {
                "classification" => out.push(DataFlow {
                    flow: attr(e, "flow"),
                    classification: text(e),
                    ..DataFlow::default()
                }),
                "dataflow" => {
                    let mut flow = DataFlow {
                        name: attr(e, "name"),
                        ..DataFlow::default()
                    };
                    for (field, f) in self.elements(e) {
                        match field {
                            "classification" if flow.classification.is_none() => {
                                flow.flow = attr(f, "flow");
                                flow.classification = text(f);
                            }
                            "source" => {
                                flow.source = list(self.each(f, "url").filter_map(text).collect());
                            }
                            "destination" => {
                                flow.destination =
                                    list(self.each(f, "url").filter_map(text).collect());
                            }
                            _ => {}
                        }
                    }
                    out.push(flow);
                }
                _ => {}
            }
        }
        out
    }

    /// `<evidence>`: licences, `<copyright><text>`*, `<identity>` (one in 1.5, several from 1.6),
    /// `<occurrences><occurrence>`*, `<callstack><frames><frame>`*.
    pub(super) fn evidence(&self, ev: Node<'a, '_>) -> Evidence {
        let mut out = Evidence::default();
        let mut identities = Vec::new();
        let mut copyright = Vec::new();
        let mut occurrences = Vec::new();
        let mut frames = Vec::new();
        for (name, e) in self.elements(ev) {
            match name {
                "licenses" if out.licenses.is_none() => out.licenses = Some(self.licenses(e)),
                "copyright" => {
                    copyright.extend(self.each(e, "text").map(|t| CopyrightW { text: text(t) }));
                }
                "identity" => identities.push(self.identity(e)),
                "occurrences" => {
                    for o in self.each(e, "occurrence") {
                        let mut occ = Occurrence::default();
                        for (field, f) in self.elements(o) {
                            match field {
                                "location" => first(&mut occ.location, f),
                                "line" => occ.line = text(f).map(|t| Score(t.value)),
                                "offset" => occ.offset = text(f).map(|t| Score(t.value)),
                                "symbol" => first(&mut occ.symbol, f),
                                _ => {}
                            }
                        }
                        occurrences.push(occ);
                    }
                }
                "callstack" => {
                    for fs in self.each(e, "frames") {
                        for f in self.each(fs, "frame") {
                            let mut frame = Frame::default();
                            for (field, g) in self.elements(f) {
                                match field {
                                    "package" => first(&mut frame.package, g),
                                    "module" => first(&mut frame.module, g),
                                    "function" => first(&mut frame.function, g),
                                    "fullFilename" => first(&mut frame.full_filename, g),
                                    _ => {}
                                }
                            }
                            frames.push(frame);
                        }
                    }
                }
                _ => {}
            }
        }
        out.copyright = Some(copyright);
        out.identity = Some(Identities::Many(identities));
        out.occurrences = Some(occurrences);
        out.callstack = Some(Callstack {
            frames: Some(frames),
        });
        out
    }

    fn identity(&self, i: Node<'a, '_>) -> Identity {
        let mut out = Identity::default();
        for (name, e) in self.elements(i) {
            match name {
                "field" => first(&mut out.field, e),
                "confidence" => out.confidence = text(e).map(|t| Score(t.value)),
                "concludedValue" => first(&mut out.concluded_value, e),
                "methods" => {
                    let methods = self.each(e, "method").map(|m| {
                        let mut method = Method::default();
                        for (field, f) in self.elements(m) {
                            match field {
                                "technique" => first(&mut method.technique, f),
                                "confidence" => method.confidence = text(f).map(|t| Score(t.value)),
                                "value" => first(&mut method.value, f),
                                _ => {}
                            }
                        }
                        method
                    });
                    out.methods = Some(methods.collect());
                }
                _ => {}
            }
        }
        out
    }
}

/// An `xs:boolean` element.
fn flag(e: Node) -> Option<Flag> {
    text(e).map(|t| Flag::parse(&t.value))
}
