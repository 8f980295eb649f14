#include "core/iso3166.h"

#include <algorithm>
#include <array>

namespace openkp::core {

namespace {
// All 249 officially assigned alpha-2 codes, sorted.
constexpr std::array<std::string_view, 249> kIso = {
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW"};

constexpr std::array<std::string_view, 27> kEu = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"};
}  // namespace

bool IsIsoCountry(std::string_view code) {
  return std::binary_search(kIso.begin(), kIso.end(), code);
}

bool IsEuMember(std::string_view code) { return std::binary_search(kEu.begin(), kEu.end(), code); }

const std::vector<ParticipantInfo>& KnownParticipants() {
  // Names as the KP statistics name them; authorities as commonly designated (demo quality).
  static const std::vector<ParticipantInfo> kList = {
      {"AE", "United Arab Emirates", "Dubai Multi Commodities Centre"},
      {"AM", "Armenia", "Ministry of Economy of Armenia"},
      {"AO", "Angola", "Ministry of Mineral Resources, Petroleum and Gas"},
      {"AU", "Australia", "Department of Foreign Affairs and Trade"},
      {"BD", "Bangladesh", "Ministry of Commerce"},
      {"BR", "Brazil", "National Mining Agency (ANM)"},
      {"BW", "Botswana", "Ministry of Minerals and Energy"},
      {"BY", "Belarus", "Ministry of Finance"},
      {"CA", "Canada", "Natural Resources Canada"},
      {"CD", "Congo, Democratic Republic of",
       "Centre d'Expertise, d'Evaluation et de Certification"},
      {"CF", "Central African Republic", "Ministry of Mines and Geology"},
      {"CG", "Congo, Republic of", "Bureau d'Expertise, d'Evaluation et de Certification"},
      {"CH", "Switzerland", "State Secretariat for Economic Affairs (SECO)"},
      {"CI", "Cote D'ivoire", "Ministry of Mines, Petroleum and Energy"},
      {"CM", "Cameroon", "National Permanent Secretariat for the KP"},
      {"CN", "China, People's Republic of", "General Administration of Customs"},
      {"EU", "European Union", "European Commission (DG Trade)"},
      {"GA", "Gabon", "Ministry of Mines"},
      {"GB", "United Kingdom", "Government Diamond Office"},
      {"GH", "Ghana", "Precious Minerals Marketing Company"},
      {"GN", "Guinea", "Bureau National d'Expertise"},
      {"GY", "Guyana", "Guyana Geology and Mines Commission"},
      {"ID", "Indonesia", "Ministry of Trade"},
      {"IL", "Israel", "Diamond Controller, Ministry of Economy"},
      {"IN", "India", "Gem and Jewellery Export Promotion Council"},
      {"JP", "Japan", "Ministry of Economy, Trade and Industry"},
      {"KG", "Kyrgyz Republic", "Ministry of Economy and Commerce"},
      {"KH", "Cambodia", "Ministry of Commerce"},
      {"KR", "Korea, Republic of", "Ministry of Trade, Industry and Energy"},
      {"KZ", "Kazakhstan", "Ministry of Industry and Infrastructural Development"},
      {"LA", "Lao People's Democratic Republic", "Ministry of Industry and Commerce"},
      {"LB", "Lebanon", "Ministry of Economy and Trade"},
      {"LK", "Sri Lanka", "National Gem and Jewellery Authority"},
      {"LR", "Liberia", "Government Diamond Office"},
      {"LS", "Lesotho", "Ministry of Natural Resources"},
      {"ML", "Mali", "Ministry of Mines"},
      {"MU", "Mauritius", "Ministry of Industry, Commerce and Consumer Protection"},
      {"MX", "Mexico", "Ministry of Economy"},
      {"MY", "Malaysia", "Royal Malaysian Customs"},
      {"MZ", "Mozambique", "Ministry of Mineral Resources and Energy"},
      {"NA", "Namibia", "Ministry of Mines and Energy"},
      {"NO", "Norway", "Ministry of Foreign Affairs"},
      {"NZ", "New Zealand", "New Zealand Customs Service"},
      {"PA", "Panama", "Ministry of Commerce and Industries"},
      {"QA", "Qatar", "Ministry of Commerce and Industry"},
      {"RU", "Russian Federation", "Gokhran of Russia"},
      {"SG", "Singapore", "Singapore Customs"},
      {"SL", "Sierra Leone", "National Minerals Agency"},
      {"SZ", "Eswatini", "Ministry of Natural Resources and Energy"},
      {"TG", "Togo", "Ministry of Mines and Energy"},
      {"TH", "Thailand", "Department of Foreign Trade"},
      {"TR", "Turkey", "Istanbul Gold Exchange"},
      {"TW", "Chinese Taipei", "Bureau of Foreign Trade"},
      {"TZ", "Tanzania", "Ministry of Minerals"},
      {"UA", "Ukraine", "State Gemological Centre of Ukraine"},
      {"US", "United States of America", "US Department of State"},
      {"VE", "Venezuela", "Ministry of Ecological Mining Development"},
      {"VN", "Vietnam", "Ministry of Industry and Trade"},
      {"ZA", "South Africa", "South African Diamond and Precious Metals Regulator"},
      {"ZW", "Zimbabwe", "Ministry of Mines and Mining Development"},
  };
  return kList;
}

}  // namespace openkp::core
