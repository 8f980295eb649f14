#include "activities/vocabulary.h"

#include <map>
#include <utility>

namespace openkp::activities {

const std::vector<Term>& ActivityTypes() {
  static const std::vector<Term> kTypes = {
      {"kp-plenary", "KP Plenary meeting", "Réunion plénière du PK", "kp-meetings", ""},
      {"kp-intersessional", "KP Intersessional meeting", "Réunion intersessionnelle du PK",
       "kp-meetings", ""},
      {"working-group-meeting", "Working group or committee meeting or teleconference",
       "Réunion ou téléconférence d'un groupe de travail ou comité", "kp-meetings", ""},
      {"ad-hoc-committee", "Ad hoc committee or subgroup meeting",
       "Réunion d'un comité ad hoc ou sous-groupe", "kp-meetings", ""},
      {"regional-meeting", "Regional meeting", "Réunion régionale", "kp-meetings", ""},
      {"international-meeting", "Other international meeting", "Autre réunion internationale",
       "kp-meetings", ""},
      {"national-multistakeholder-meeting", "National multi-stakeholder meeting",
       "Réunion multipartite nationale", "national", ""},
      {"community-meeting", "Community meeting or commemoration",
       "Réunion communautaire ou commémoration", "national", ""},
      {"training", "Training or workshop", "Formation ou atelier", "national", ""},
      {"engagement", "Engagement with a company or authority",
       "Dialogue avec une entreprise ou une autorité", "national", ""},
      {"monitoring", "Monitoring or advocacy programme", "Programme de suivi ou de plaidoyer",
       "national", ""},
      {"research", "Research", "Recherche", "research", ""},
      {"publication", "Publication", "Publication", "research", ""},
      {"press-release", "Press release", "Communiqué de presse", "research", ""},
      {"media-article", "Media article", "Article de presse", "research", ""},
      {"internal-planning", "Internal planning", "Planification interne", "internal", ""},
  };
  return kTypes;
}

const std::vector<Term>& KpBodies() {
  static const std::vector<Term> kBodies = {
      {"plenary", "KP Plenary", "Plénière du PK", "", ""},
      {"intersessional", "KP Intersessional", "Intersession du PK", "", ""},
      {"ahcrr", "Ad Hoc Committee on Review and Reform", "Comité ad hoc sur l'examen et la réforme",
       "", ""},
      {"ahcrr-scope", "AHCRR Sub-Group on the Core Document (scope)",
       "Sous-groupe du CAHER sur le document de base (champ d'application)", "", ""},
      {"ahcrr-secretariat", "AHCRR Sub-Group on a Permanent Secretariat",
       "Sous-groupe du CAHER sur un secrétariat permanent", "", ""},
      {"ahcrr-mdtf", "AHCRR Sub-Group on a Multi-Donor Trust Fund",
       "Sous-groupe du CAHER sur un fonds fiduciaire multidonateurs", "", ""},
      {"ahcrr-peer-review", "AHCRR Sub-Group on Improving the Peer Review Process",
       "Sous-groupe du CAHER sur l'amélioration de l'examen par les pairs", "", ""},
      {"wgm", "Working Group on Monitoring", "Groupe de travail sur le suivi", "", ""},
      {"cpc", "Committee on Participation and Chairmanship",
       "Comité de participation et de présidence", "", ""},
      {"wgde", "Working Group of Diamond Experts", "Groupe de travail des experts diamantaires", "",
       ""},
      {"wgs", "Working Group on Statistics", "Groupe de travail sur les statistiques", "", ""},
      {"waap", "Working Group on Artisanal and Alluvial Production",
       "Groupe de travail sur la production artisanale et alluviale", "", ""},
      {"crp", "Committee on Rules and Procedures", "Comité des règles et procédures", "", ""},
      {"car-monitoring-team", "Central African Republic Monitoring Team",
       "Équipe de suivi de la République centrafricaine", "", ""},
      {"mru-regional-approach", "Mano River Union Regional Approach",
       "Approche régionale de l'Union du fleuve Mano", "", ""},
      {"central-africa-regional", "Central Africa regional cooperation",
       "Coopération régionale en Afrique centrale", "", ""},
  };
  return kBodies;
}

const std::vector<Term>& ReportSections() {
  static const std::vector<Term> kSections = {
      {"introduction", "Introduction", "Introduction", "", ""},
      {"general", "General Issues", "Questions générales", "", ""},
      {"kp-meetings", "Participation in KP Meetings and Working Groups",
       "Participation aux réunions et groupes de travail du PK", "", ""},
      {"internal", "KP CSC Internal Planning", "Planification interne de la CSC du PK", "", ""},
      {"national", "National level Events and Initiatives",
       "Événements et initiatives au niveau national", "", ""},
      {"research", "Research, Publications and Press Releases",
       "Recherche, publications et communiqués de presse", "", ""},
  };
  return kSections;
}

const std::vector<Term>& KpMeetingSubsections() {
  static const std::vector<Term> kSubsections = {
      {"plenary", "Intersessional and Plenary meetings", "Réunions intersessionnelles et plénières",
       "", ""},
      {"working-groups", "Working Group Meetings and Teleconferences",
       "Réunions et téléconférences des groupes de travail", "", ""},
      {"regional", "Regional meetings", "Réunions régionales", "", ""},
      {"other", "Other meetings", "Autres réunions", "", ""},
  };
  return kSubsections;
}

const std::vector<Term>& OrganisationRoles() {
  // IATI OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing.
  static const std::vector<Term> kRoles = {
      {"organiser", "organiser", "organisateur", "", "4"},
      {"host", "host", "hôte", "", "4"},
      {"partner", "partner", "partenaire", "", "4"},
      {"funder", "funder", "bailleur", "", "1"},
      {"participant", "participant", "participant", "", "4"},
      {"target", "addressed", "interlocuteur", "", "3"},
  };
  return kRoles;
}

const std::vector<Term>& ApplicationSteps() {
  static const std::vector<Term> kSteps = {
      {"received", "application received", "demande reçue", "", ""},
      {"reviewed", "application reviewed", "demande examinée", "", ""},
      {"admitted", "admitted as a member", "admis comme membre", "", ""},
      {"declined", "declined", "refusée", "", ""},
  };
  return kSteps;
}

const Term* Find(const std::vector<Term>& terms, const std::string& key) {
  for (const auto& t : terms) {
    if (t.key == key) return &t;
  }
  return nullptr;
}

std::string SectionOf(const Activity& a) {
  if (!a.section.empty()) return a.section;
  const Term* t = Find(ActivityTypes(), a.type);
  return t == nullptr ? "national" : t->section;
}

std::string KpMeetingSubsection(const std::string& type) {
  if (type == "kp-plenary" || type == "kp-intersessional") return "plenary";
  if (type == "working-group-meeting") return "working-groups";
  if (type == "regional-meeting") return "regional";
  return "other";
}

std::string CountryName(const std::string& code, const std::string& lang) {
  // The countries where the coalition's members work and the KP meets; other codes print as
  // they are.
  static const std::map<std::string, std::pair<const char*, const char*>> kNames = {
      {"AE", {"United Arab Emirates", "Émirats arabes unis"}},
      {"AO", {"Angola", "Angola"}},
      {"AU", {"Australia", "Australie"}},
      {"BE", {"Belgium", "Belgique"}},
      {"BW", {"Botswana", "Botswana"}},
      {"CA", {"Canada", "Canada"}},
      {"CD", {"Democratic Republic of the Congo", "République démocratique du Congo"}},
      {"CF", {"Central African Republic", "République centrafricaine"}},
      {"CG", {"Republic of the Congo", "République du Congo"}},
      {"CH", {"Switzerland", "Suisse"}},
      {"CI", {"Côte d'Ivoire", "Côte d'Ivoire"}},
      {"CM", {"Cameroon", "Cameroun"}},
      {"CN", {"China", "Chine"}},
      {"FR", {"France", "France"}},
      {"GB", {"United Kingdom", "Royaume-Uni"}},
      {"GH", {"Ghana", "Ghana"}},
      {"GN", {"Guinea", "Guinée"}},
      {"GY", {"Guyana", "Guyana"}},
      {"IL", {"Israel", "Israël"}},
      {"IN", {"India", "Inde"}},
      {"LR", {"Liberia", "Libéria"}},
      {"LS", {"Lesotho", "Lesotho"}},
      {"NA", {"Namibia", "Namibie"}},
      {"RU", {"Russia", "Russie"}},
      {"SL", {"Sierra Leone", "Sierra Leone"}},
      {"TG", {"Togo", "Togo"}},
      {"TZ", {"Tanzania", "Tanzanie"}},
      {"US", {"United States", "États-Unis"}},
      {"ZA", {"South Africa", "Afrique du Sud"}},
      {"ZW", {"Zimbabwe", "Zimbabwe"}},
  };
  auto it = kNames.find(code);
  if (it == kNames.end()) return code;
  return lang == "fr" ? it->second.second : it->second.first;
}

}  // namespace openkp::activities
