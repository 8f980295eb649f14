// The coalition's vocabularies, kept as data: activity types (each with the report section it
// goes to by default), the KP bodies an activity concerns, the report's sections, the roles of
// other organisations. Every label in English and French.
#pragma once

#include <string>
#include <vector>

#include "activities/records.h"

namespace openkp::activities {

struct Term {
  std::string key;
  std::string en, fr;
  std::string section;        // activity types: the report section it goes to; "" otherwise
  std::string iati_org_role;  // organisation roles: the IATI OrganisationRole code
  const std::string& Label(const std::string& lang) const { return lang == "fr" ? fr : en; }
};

const std::vector<Term>& ActivityTypes();
const std::vector<Term>& KpBodies();
// The report's sections in order; "introduction" and "general" hold the coordinator's text.
const std::vector<Term>& ReportSections();
// The sub-headings of "kp-meetings", each with the types it holds (Term::section is the
// sub-heading's key here; see KpMeetingSubsection).
const std::vector<Term>& KpMeetingSubsections();
const std::vector<Term>& OrganisationRoles();
const std::vector<Term>& ApplicationSteps();

// nullptr when `key` is not one of `terms`.
const Term* Find(const std::vector<Term>& terms, const std::string& key);
// The section an activity goes to: its own override, else its type's.
std::string SectionOf(const Activity& a);
// The "kp-meetings" sub-heading of a type.
std::string KpMeetingSubsection(const std::string& type);
// A country's name in `lang` (ISO 3166-1 alpha-2), or the code.
std::string CountryName(const std::string& code, const std::string& lang);

}  // namespace openkp::activities
