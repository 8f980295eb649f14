#include "http/certificate_print.h"

#include <qrencode.h>

#include <boost/json.hpp>
#include <map>
#include <memory>

#include "core/amount.h"
#include "core/certificate.h"
#include "core/text.h"
#include "http/deflate.h"

namespace openkp::http {

namespace json = boost::json;

namespace {

// The largest payload of one version-40 symbol at level M, byte mode.
constexpr size_t kMaxQrBytes = 2331;

struct Words {
  const char* title;
  const char* number;
  const char* authority;
  const char* exporting;
  const char* importing;
  const char* origin;
  const char* mixed;
  const char* exporter;
  const char* importer;
  const char* hs;
  const char* carats;
  const char* value;
  const char* total;
  const char* parcels;
  const char* issued;
  const char* expires;
  const char* statement;
  const char* verify;
  const char* verify_how;
  const char* key;
};

const Words kEnglish{
    "Kimberley Process Certificate",
    "Certificate number",
    "Issuing authority",
    "Exporting participant",
    "Importing participant",
    "Country of origin",
    "mixed origin",
    "Exporter",
    "Importer",
    "HS code",
    "Carats",
    "Value (US$)",
    "Total",
    "Parcels",
    "Issued on",
    "Expires on",
    "The rough diamonds in this shipment have been handled in accordance with the provisions of "
    "the Kimberley Process Certification Scheme for rough diamonds.",
    "Verify this certificate",
    "Scan the QR code with the openkp web app (it works offline after one visit): it holds the "
    "certificate signed by the issuing authority and the proof that it was entered in the public "
    "log. Online, enter the number at the verification page.",
    "Signed with key",
};

const Words kFrench{
    "Certificat du Processus de Kimberley",
    "Numéro du certificat",
    "Autorité émettrice",
    "Participant exportateur",
    "Participant importateur",
    "Pays d'origine",
    "origine mixte",
    "Exportateur",
    "Importateur",
    "Code SH",
    "Carats",
    "Valeur (US$)",
    "Total",
    "Colis",
    "Délivré le",
    "Expire le",
    "Les diamants bruts de cette expédition ont été traités conformément aux dispositions du "
    "Système de certification du Processus de Kimberley pour les diamants bruts.",
    "Vérifier ce certificat",
    "Scannez le code QR avec l'application web openkp (elle fonctionne hors ligne après une "
    "première visite) : il contient le certificat signé par l'autorité émettrice et la preuve "
    "de son inscription au journal public. En ligne, saisissez le numéro sur la page de "
    "vérification.",
    "Signé avec la clé",
};

// "1 250.50": thousands apart with a thin space, as on KP certificates.
std::string Grouped(int64_t hundredths) {
  std::string plain = core::FormatHundredths(hundredths);
  const size_t dot = plain.find('.');
  std::string whole = plain.substr(0, dot), out;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += "\u202f";
    out += whole[i];
  }
  return out + plain.substr(dot);
}

std::string Row(const char* label, const std::string& value) {
  return "<tr><th>" + core::XmlEscape(label) + "</th><td>" + value + "</td></tr>\n";
}

}  // namespace

core::Result<std::string> QrPayload(const std::string& signed_document,
                                    const std::string& receipt) {
  auto doc = core::ParseJson(signed_document);
  if (!doc.ok()) return doc.status();
  const std::string text =
      json::serialize(json::object{{"signed", std::move(*doc)}, {"receipt", receipt}});
  const std::string compressed = Deflate(text, DeflateFormat::kRaw);
  if (compressed.empty()) return core::Status::Internal("deflate failed");
  return "KPQ1" + compressed;
}

core::Result<std::string> QrSvg(const std::string& bytes) {
  if (bytes.size() > kMaxQrBytes) {
    return core::Status::Invalid("qr", "size",
                                 std::to_string(bytes.size()) +
                                     " bytes do not fit in one QR code (" +
                                     std::to_string(kMaxQrBytes) + " at most)");
  }
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(static_cast<int>(bytes.size()),
                        reinterpret_cast<const unsigned char*>(bytes.data()), 0, QR_ECLEVEL_M),
      &QRcode_free);
  if (!code) return core::Status::Internal("QR encoding failed");
  const int width = code->width, quiet = 4, all = width + 2 * quiet;
  std::string path;
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      if ((code->data[y * width + x] & 1) == 0) continue;
      // Runs of dark modules in a row as one rectangle: a smaller file, the same picture.
      int run = 1;
      while (x + run < width && (code->data[y * width + x + run] & 1) != 0) ++run;
      path += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h" +
              std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run - 1;
    }
  }
  const std::string n = std::to_string(all);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n + " " + n +
         "\" shape-rendering=\"crispEdges\" data-version=\"" + std::to_string(code->version) +
         "\"><rect width=\"" + n + "\" height=\"" + n + "\" fill=\"#fff\"/><path d=\"" + path +
         "\" fill=\"#000\"/></svg>";
}

std::string CertificatePage(const store::CertificateRecord& record, const std::string& qr_svg,
                            const std::string& lang) {
  const Words& w = lang == "fr" ? kFrench : kEnglish;
  const core::CertificateBody& b = record.certificate.body;
  auto esc = [](const std::string& s) { return core::XmlEscape(s); };
  std::string origin;
  for (const auto& c : b.origin.countries) origin += (origin.empty() ? "" : ", ") + esc(c);
  if (b.origin.mixed) origin += std::string(origin.empty() ? "" : " — ") + w.mixed;
  std::string lines;
  for (const auto& l : b.lines) {
    lines += "<tr><td>" + esc(l.hs_code) + "</td><td class=n>" + Grouped(l.carats_hundredths) +
             "</td><td class=n>" + Grouped(l.value_usd_cents) + "</td></tr>\n";
  }
  lines += "<tr class=total><td>" + esc(w.total) + "</td><td class=n>" +
           Grouped(b.TotalCaratsHundredths()) + "</td><td class=n>" + Grouped(b.TotalValueCents()) +
           "</td></tr>\n";
  const std::string party_exporter =
      esc(b.exporter.name) + "<br><span class=addr>" + esc(b.exporter.address) + "</span>";
  const std::string party_importer =
      esc(b.importer.name) + "<br><span class=addr>" + esc(b.importer.address) + "</span>";
  return "<!doctype html>\n<html lang=\"" + std::string(lang == "fr" ? "fr" : "en") +
         "\"><head><meta charset=\"utf-8\"><title>" + esc(w.title) + " " + esc(b.number) +
         "</title><style>"
         "@page{size:A4;margin:16mm}body{font-family:sans-serif;font-size:10.5pt;color:#000}"
         "h1{font-size:17pt;margin:0 0 2mm}p.number{font-size:13pt;margin:0 0 5mm;"
         "font-family:monospace}table{border-collapse:collapse;width:100%;margin-bottom:4mm}"
         "th,td{border:1px solid #444;padding:1.5mm 2mm;text-align:left;vertical-align:top}"
         "th{width:38%;background:#eee}td.n{text-align:right;font-variant-numeric:tabular-nums}"
         "tr.total td{font-weight:bold}.addr{color:#333}.statement{font-style:italic}"
         ".verify{display:flex;gap:6mm;align-items:center;margin-top:6mm;break-inside:avoid}"
         ".verify svg{width:90mm;height:90mm;flex:none}.verify h2{font-size:12pt;margin:0 0 2mm}"
         "</style></head><body>\n<h1>" +
         esc(w.title) + "</h1>\n<p class=number>" + esc(w.number) + ": " + esc(b.number) +
         "</p>\n<table>\n" + Row(w.authority, esc(b.issuing_authority)) +
         Row(w.exporting, esc(b.issuer)) + Row(w.importing, esc(b.destination)) +
         Row(w.origin, origin) + Row(w.exporter, party_exporter) + Row(w.importer, party_importer) +
         Row(w.parcels, std::to_string(b.parcels)) + Row(w.issued, b.issued_on.ToString()) +
         Row(w.expires, b.expires_on.ToString()) +
         Row(w.key, "<code>" + esc(b.key_id) + "</code>") + "</table>\n<table><tr><th>" +
         esc(w.hs) + "</th><th>" + esc(w.carats) + "</th><th>" + esc(w.value) + "</th></tr>\n" +
         lines + "</table>\n<p class=statement>" + esc(w.statement) + "</p>\n<div class=verify>" +
         qr_svg + "<div><h2>" + esc(w.verify) + "</h2><p>" + esc(w.verify_how) +
         "</p></div></div>\n</body></html>\n";
}

}  // namespace openkp::http
