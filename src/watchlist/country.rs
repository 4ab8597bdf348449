//! ISO 3166-1 alpha-2 country codes, and the country names official lists write instead of codes.
//!
//! OFAC's legacy `add.csv` and SDN.XML name countries in English ("Korea, North", "Burma"); our format
//! stores codes, so the importers map names through [`code_for_name`].

/// Every officially assigned ISO 3166-1 alpha-2 code with its short English name, plus `XK` (Kosovo),
/// the user-assigned code that OFAC, the EU and the CSL use.
const COUNTRIES: &[(&str, &str)] = &[
    ("AD", "Andorra"),
    ("AE", "United Arab Emirates"),
    ("AF", "Afghanistan"),
    ("AG", "Antigua and Barbuda"),
    ("AI", "Anguilla"),
    ("AL", "Albania"),
    ("AM", "Armenia"),
    ("AO", "Angola"),
    ("AQ", "Antarctica"),
    ("AR", "Argentina"),
    ("AS", "American Samoa"),
    ("AT", "Austria"),
    ("AU", "Australia"),
    ("AW", "Aruba"),
    ("AX", "Aland Islands"),
    ("AZ", "Azerbaijan"),
    ("BA", "Bosnia and Herzegovina"),
    ("BB", "Barbados"),
    ("BD", "Bangladesh"),
    ("BE", "Belgium"),
    ("BF", "Burkina Faso"),
    ("BG", "Bulgaria"),
    ("BH", "Bahrain"),
    ("BI", "Burundi"),
    ("BJ", "Benin"),
    ("BL", "Saint Barthelemy"),
    ("BM", "Bermuda"),
    ("BN", "Brunei"),
    ("BO", "Bolivia"),
    ("BQ", "Bonaire, Sint Eustatius and Saba"),
    ("BR", "Brazil"),
    ("BS", "Bahamas"),
    ("BT", "Bhutan"),
    ("BV", "Bouvet Island"),
    ("BW", "Botswana"),
    ("BY", "Belarus"),
    ("BZ", "Belize"),
    ("CA", "Canada"),
    ("CC", "Cocos (Keeling) Islands"),
    ("CD", "Congo, Democratic Republic of the"),
    ("CF", "Central African Republic"),
    ("CG", "Congo, Republic of the"),
    ("CH", "Switzerland"),
    ("CI", "Cote d'Ivoire"),
    ("CK", "Cook Islands"),
    ("CL", "Chile"),
    ("CM", "Cameroon"),
    ("CN", "China"),
    ("CO", "Colombia"),
    ("CR", "Costa Rica"),
    ("CU", "Cuba"),
    ("CV", "Cabo Verde"),
    ("CW", "Curacao"),
    ("CX", "Christmas Island"),
    ("CY", "Cyprus"),
    ("CZ", "Czechia"),
    ("DE", "Germany"),
    ("DJ", "Djibouti"),
    ("DK", "Denmark"),
    ("DM", "Dominica"),
    ("DO", "Dominican Republic"),
    ("DZ", "Algeria"),
    ("EC", "Ecuador"),
    ("EE", "Estonia"),
    ("EG", "Egypt"),
    ("EH", "Western Sahara"),
    ("ER", "Eritrea"),
    ("ES", "Spain"),
    ("ET", "Ethiopia"),
    ("FI", "Finland"),
    ("FJ", "Fiji"),
    ("FK", "Falkland Islands"),
    ("FM", "Micronesia"),
    ("FO", "Faroe Islands"),
    ("FR", "France"),
    ("GA", "Gabon"),
    ("GB", "United Kingdom"),
    ("GD", "Grenada"),
    ("GE", "Georgia"),
    ("GF", "French Guiana"),
    ("GG", "Guernsey"),
    ("GH", "Ghana"),
    ("GI", "Gibraltar"),
    ("GL", "Greenland"),
    ("GM", "Gambia"),
    ("GN", "Guinea"),
    ("GP", "Guadeloupe"),
    ("GQ", "Equatorial Guinea"),
    ("GR", "Greece"),
    ("GS", "South Georgia and the South Sandwich Islands"),
    ("GT", "Guatemala"),
    ("GU", "Guam"),
    ("GW", "Guinea-Bissau"),
    ("GY", "Guyana"),
    ("HK", "Hong Kong"),
    ("HM", "Heard Island and McDonald Islands"),
    ("HN", "Honduras"),
    ("HR", "Croatia"),
    ("HT", "Haiti"),
    ("HU", "Hungary"),
    ("ID", "Indonesia"),
    ("IE", "Ireland"),
    ("IL", "Israel"),
    ("IM", "Isle of Man"),
    ("IN", "India"),
    ("IO", "British Indian Ocean Territory"),
    ("IQ", "Iraq"),
    ("IR", "Iran"),
    ("IS", "Iceland"),
    ("IT", "Italy"),
    ("JE", "Jersey"),
    ("JM", "Jamaica"),
    ("JO", "Jordan"),
    ("JP", "Japan"),
    ("KE", "Kenya"),
    ("KG", "Kyrgyzstan"),
    ("KH", "Cambodia"),
    ("KI", "Kiribati"),
    ("KM", "Comoros"),
    ("KN", "Saint Kitts and Nevis"),
    ("KP", "Korea, North"),
    ("KR", "Korea, South"),
    ("KW", "Kuwait"),
    ("KY", "Cayman Islands"),
    ("KZ", "Kazakhstan"),
    ("LA", "Laos"),
    ("LB", "Lebanon"),
    ("LC", "Saint Lucia"),
    ("LI", "Liechtenstein"),
    ("LK", "Sri Lanka"),
    ("LR", "Liberia"),
    ("LS", "Lesotho"),
    ("LT", "Lithuania"),
    ("LU", "Luxembourg"),
    ("LV", "Latvia"),
    ("LY", "Libya"),
    ("MA", "Morocco"),
    ("MC", "Monaco"),
    ("MD", "Moldova"),
    ("ME", "Montenegro"),
    ("MF", "Saint Martin (French part)"),
    ("MG", "Madagascar"),
    ("MH", "Marshall Islands"),
    ("MK", "North Macedonia"),
    ("ML", "Mali"),
    ("MM", "Burma"),
    ("MN", "Mongolia"),
    ("MO", "Macau"),
    ("MP", "Northern Mariana Islands"),
    ("MQ", "Martinique"),
    ("MR", "Mauritania"),
    ("MS", "Montserrat"),
    ("MT", "Malta"),
    ("MU", "Mauritius"),
    ("MV", "Maldives"),
    ("MW", "Malawi"),
    ("MX", "Mexico"),
    ("MY", "Malaysia"),
    ("MZ", "Mozambique"),
    ("NA", "Namibia"),
    ("NC", "New Caledonia"),
    ("NE", "Niger"),
    ("NF", "Norfolk Island"),
    ("NG", "Nigeria"),
    ("NI", "Nicaragua"),
    ("NL", "Netherlands"),
    ("NO", "Norway"),
    ("NP", "Nepal"),
    ("NR", "Nauru"),
    ("NU", "Niue"),
    ("NZ", "New Zealand"),
    ("OM", "Oman"),
    ("PA", "Panama"),
    ("PE", "Peru"),
    ("PF", "French Polynesia"),
    ("PG", "Papua New Guinea"),
    ("PH", "Philippines"),
    ("PK", "Pakistan"),
    ("PL", "Poland"),
    ("PM", "Saint Pierre and Miquelon"),
    ("PN", "Pitcairn"),
    ("PR", "Puerto Rico"),
    ("PS", "Palestine"),
    ("PT", "Portugal"),
    ("PW", "Palau"),
    ("PY", "Paraguay"),
    ("QA", "Qatar"),
    ("RE", "Reunion"),
    ("RO", "Romania"),
    ("RS", "Serbia"),
    ("RU", "Russia"),
    ("RW", "Rwanda"),
    ("SA", "Saudi Arabia"),
    ("SB", "Solomon Islands"),
    ("SC", "Seychelles"),
    ("SD", "Sudan"),
    ("SE", "Sweden"),
    ("SG", "Singapore"),
    ("SH", "Saint Helena"),
    ("SI", "Slovenia"),
    ("SJ", "Svalbard and Jan Mayen"),
    ("SK", "Slovakia"),
    ("SL", "Sierra Leone"),
    ("SM", "San Marino"),
    ("SN", "Senegal"),
    ("SO", "Somalia"),
    ("SR", "Suriname"),
    ("SS", "South Sudan"),
    ("ST", "Sao Tome and Principe"),
    ("SV", "El Salvador"),
    ("SX", "Sint Maarten (Dutch part)"),
    ("SY", "Syria"),
    ("SZ", "Eswatini"),
    ("TC", "Turks and Caicos Islands"),
    ("TD", "Chad"),
    ("TF", "French Southern Territories"),
    ("TG", "Togo"),
    ("TH", "Thailand"),
    ("TJ", "Tajikistan"),
    ("TK", "Tokelau"),
    ("TL", "Timor-Leste"),
    ("TM", "Turkmenistan"),
    ("TN", "Tunisia"),
    ("TO", "Tonga"),
    ("TR", "Turkey"),
    ("TT", "Trinidad and Tobago"),
    ("TV", "Tuvalu"),
    ("TW", "Taiwan"),
    ("TZ", "Tanzania"),
    ("UA", "Ukraine"),
    ("UG", "Uganda"),
    ("UM", "United States Minor Outlying Islands"),
    ("US", "United States"),
    ("UY", "Uruguay"),
    ("UZ", "Uzbekistan"),
    ("VA", "Holy See"),
    ("VC", "Saint Vincent and the Grenadines"),
    ("VE", "Venezuela"),
    ("VG", "Virgin Islands, British"),
    ("VI", "Virgin Islands, U.S."),
    ("VN", "Vietnam"),
    ("VU", "Vanuatu"),
    ("WF", "Wallis and Futuna"),
    ("WS", "Samoa"),
    ("XK", "Kosovo"),
    ("YE", "Yemen"),
    ("YT", "Mayotte"),
    ("ZA", "South Africa"),
    ("ZM", "Zambia"),
    ("ZW", "Zimbabwe"),
];

/// Other spellings seen in OFAC and CSL files, lowercase, with their code.
const OTHER_NAMES: &[(&str, &str)] = &[
    ("bahamas, the", "BS"),
    ("the bahamas", "BS"),
    ("the gambia", "GM"),
    ("gambia, the", "GM"),
    ("cote d ivoire", "CI"),
    ("côte d'ivoire", "CI"),
    ("ivory coast", "CI"),
    ("czech republic", "CZ"),
    ("north korea", "KP"),
    ("democratic people's republic of korea", "KP"),
    ("south korea", "KR"),
    ("republic of korea", "KR"),
    ("myanmar", "MM"),
    ("macao", "MO"),
    ("russian federation", "RU"),
    ("iran, islamic republic of", "IR"),
    ("syrian arab republic", "SY"),
    ("viet nam", "VN"),
    ("lao people's democratic republic", "LA"),
    ("united states of america", "US"),
    ("usa", "US"),
    ("uk", "GB"),
    ("great britain", "GB"),
    ("netherlands antilles", "CW"),
    ("palestinian", "PS"),
    ("west bank", "PS"),
    ("region: gaza", "PS"),
    ("gaza", "PS"),
    ("region: crimea", "UA"),
    ("people's republic of china", "CN"),
    ("china, people's republic of", "CN"),
    ("turkiye", "TR"),
    ("türkiye", "TR"),
    ("cape verde", "CV"),
    ("swaziland", "SZ"),
    ("macedonia", "MK"),
    ("east timor", "TL"),
    ("brunei darussalam", "BN"),
    ("bolivia, plurinational state of", "BO"),
    ("venezuela, bolivarian republic of", "VE"),
    ("moldova, republic of", "MD"),
    ("tanzania, united republic of", "TZ"),
    ("congo, democratic republic", "CD"),
    ("democratic republic of the congo", "CD"),
    ("republic of the congo", "CG"),
    ("burma (myanmar)", "MM"),
    ("vatican city", "VA"),
];

/// Whether `code` (uppercase) is a known ISO 3166-1 alpha-2 code (or XK).
pub fn is_code(code: &str) -> bool {
    COUNTRIES.iter().any(|(c, _)| *c == code)
}

/// The English short name of a code.
pub fn name(code: &str) -> Option<&'static str> {
    COUNTRIES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, n)| *n)
}

/// The code for a country name as official lists write it ("Korea, North" → KP); also accepts a code.
///
/// Regions without a country of their own ("Region: Kafia Kingi", "undetermined") give `None`.
pub fn code_for_name(name: &str) -> Option<&'static str> {
    let n = name.trim();
    if n.len() == 2 {
        let upper = n.to_ascii_uppercase();
        return COUNTRIES.iter().find(|(c, _)| *c == upper).map(|(c, _)| *c);
    }
    let lower = n.to_lowercase();
    COUNTRIES
        .iter()
        .find(|(_, cn)| cn.eq_ignore_ascii_case(&lower))
        .map(|(c, _)| *c)
        .or_else(|| {
            OTHER_NAMES
                .iter()
                .find(|(o, _)| *o == lower)
                .map(|(_, c)| *c)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_uppercase() {
        let mut codes: Vec<&str> = COUNTRIES.iter().map(|(c, _)| *c).collect();
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
        );
        let n = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), n);
        assert_eq!(n, 250, "249 ISO codes + XK");
        assert!(OTHER_NAMES.iter().all(|(_, c)| is_code(c)));
    }

    #[test]
    fn ofac_names_map_to_codes() {
        assert_eq!(code_for_name("Korea, North"), Some("KP"));
        assert_eq!(code_for_name("Burma"), Some("MM"));
        assert_eq!(code_for_name("Russia"), Some("RU"));
        assert_eq!(code_for_name("Cote d Ivoire"), Some("CI"));
        assert_eq!(code_for_name("Bahamas, The"), Some("BS"));
        assert_eq!(code_for_name("cn"), Some("CN"));
        assert_eq!(code_for_name("Region: Kafia Kingi"), None);
        assert_eq!(code_for_name("undetermined"), None);
    }
}
