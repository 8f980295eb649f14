#include "monitor/xml.h"

#include <expat.h>

#include <memory>

namespace openkp::monitor {

using core::Result;
using core::Status;

namespace {

std::string_view LocalName(std::string_view qname) {
  const size_t colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

struct ParseState {
  XML_Parser parser = nullptr;
  const XmlLimits* limits = nullptr;
  XmlElement root;
  std::vector<XmlElement*> open;  // the path from the root to the current element
  size_t elements = 0;
  bool have_root = false;
  std::string error;  // set when a handler stopped the parser

  void Fail(std::string why) {
    if (error.empty()) error = std::move(why);
    XML_StopParser(parser, XML_FALSE);
  }
};

void OnStart(void* data, const XML_Char* name, const XML_Char** attrs) {
  auto* st = static_cast<ParseState*>(data);
  if (!st->error.empty()) return;
  if (++st->elements > st->limits->max_elements) {
    return st->Fail("more than " + std::to_string(st->limits->max_elements) + " elements");
  }
  if (static_cast<int>(st->open.size()) >= st->limits->max_depth) {
    return st->Fail("elements nested deeper than " + std::to_string(st->limits->max_depth));
  }
  XmlElement* e = nullptr;
  if (st->open.empty()) {
    st->have_root = true;
    e = &st->root;
  } else {
    st->open.back()->children.emplace_back();
    e = &st->open.back()->children.back();
  }
  e->name = std::string(LocalName(name));
  for (int i = 0; attrs[i] != nullptr; i += 2) e->attributes.emplace_back(attrs[i], attrs[i + 1]);
  st->open.push_back(e);
}

void OnEnd(void* data, const XML_Char*) {
  auto* st = static_cast<ParseState*>(data);
  if (!st->open.empty()) st->open.pop_back();
}

void OnText(void* data, const XML_Char* s, int len) {
  auto* st = static_cast<ParseState*>(data);
  if (!st->open.empty() && st->error.empty()) st->open.back()->text.append(s, len);
}

void OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  static_cast<ParseState*>(data)->Fail("a DOCTYPE is not accepted (no entities, no DTDs)");
}

void OnEntityDecl(void* data, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                  const XML_Char*, const XML_Char*, const XML_Char*) {
  static_cast<ParseState*>(data)->Fail("entity declarations are not accepted");
}

}  // namespace

const XmlElement* XmlElement::Child(std::string_view local_name) const {
  for (const auto& c : children) {
    if (c.name == local_name) return &c;
  }
  return nullptr;
}

std::string XmlElement::Attr(std::string_view name) const {
  for (const auto& [k, v] : attributes) {
    if (k == name) return v;
  }
  for (const auto& [k, v] : attributes) {
    if (k.rfind("xmlns", 0) != 0 && LocalName(k) == name) return v;
  }
  return "";
}

Result<XmlElement> ParseXml(std::string_view text, const XmlLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Status::Invalid("xml", "size",
                           "the document exceeds " + std::to_string(limits.max_bytes) + " bytes");
  }
  std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(XML_ParserCreate(nullptr),
                                                                      &XML_ParserFree);
  if (!parser) return Status::Internal("cannot create an XML parser");
  ParseState st;
  st.parser = parser.get();
  st.limits = &limits;
  XML_SetUserData(parser.get(), &st);
  XML_SetElementHandler(parser.get(), OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser.get(), OnText);
  XML_SetStartDoctypeDeclHandler(parser.get(), OnDoctype);
  XML_SetEntityDeclHandler(parser.get(), OnEntityDecl);
  XML_SetParamEntityParsing(parser.get(), XML_PARAM_ENTITY_PARSING_NEVER);
  const XML_Status rc =
      XML_Parse(parser.get(), text.data(), static_cast<int>(text.size()), XML_TRUE);
  if (rc != XML_STATUS_OK || !st.error.empty()) {
    const std::string where = " (line " + std::to_string(XML_GetCurrentLineNumber(parser.get())) +
                              ", column " +
                              std::to_string(XML_GetCurrentColumnNumber(parser.get())) + ")";
    const std::string why =
        !st.error.empty() ? st.error : std::string(XML_ErrorString(XML_GetErrorCode(parser.get())));
    return Status::Invalid("xml", "well-formed", "malformed XML: " + why + where);
  }
  if (!st.have_root) return Status::Invalid("xml", "well-formed", "the document is empty");
  return std::move(st.root);
}

}  // namespace openkp::monitor
