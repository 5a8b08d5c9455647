#include "plotcluster/record/gallery.hpp"

#include <algorithm>
#include <map>

#include "plotcluster/core/output_layout.hpp"
#include "plotcluster/core/utf8.hpp"
#include "plotcluster/encode/atomic_file.hpp"

namespace plotcluster {
namespace {

// Beyond this many thumbnails the rest load only when scrolled to, so a page of a huge
// run opens quickly.
constexpr std::size_t eager_images = 500;

constexpr std::string_view style = R"(
body{font:14px/1.4 system-ui,sans-serif;margin:0 1.5em 2em;color:#222;background:#fafafa}
header{position:sticky;top:0;background:#fafafa;padding:.6em 0;border-bottom:1px solid #ddd;z-index:1}
h1{font-size:1.3em;margin:.2em 0}h2{font-size:1.1em;margin:1.2em 0 .3em;word-break:break-all}
h3{font-size:1em;margin:.8em 0 .3em;color:#555}
#filter{width:min(40em,100%);padding:.3em;font:inherit}
.summary,#image-status{margin:.2em 0;color:#555}
#failed{background:#fff0f0;border:1px solid #e0b0b0;padding:.2em 1em;margin-top:1em}
#failed li{margin:.2em 0;word-break:break-word}
.grid{display:flex;flex-wrap:wrap;gap:10px}
figure{margin:0;width:244px;background:#fff;border:1px solid #ddd;padding:4px}
figure img{display:block;max-width:240px;max-height:180px;margin:auto}
figcaption{font-size:12px;word-break:break-all;margin-top:3px}
figure.failed{border-color:#e0b0b0;background:#fff6f6}
.error{color:#a00}
[hidden]{display:none!important}
)";

// Marks every image loaded or failed once the page is loaded, so a headless browser's
// dumped DOM shows whether all of them did; then runs the filter box (also from the URL's
// #fragment).
constexpr std::string_view script = R"(
(function () {
  var status = document.getElementById('image-status');
  var images = Array.prototype.slice.call(document.querySelectorAll('img.thumb'));
  function report() {
    var loaded = 0, failed = 0, pending = 0;
    images.forEach(function (img) {
      if (!img.complete) { pending++; return; }
      var ok = img.naturalWidth > 0;
      img.setAttribute('data-state', ok ? 'loaded' : 'failed');
      if (ok) loaded++; else failed++;
    });
    status.setAttribute('data-loaded', loaded);
    status.setAttribute('data-failed', failed);
    status.setAttribute('data-pending', pending);
    status.textContent = loaded + ' of ' + images.length + ' thumbnails loaded' +
        (failed ? ', ' + failed + ' could not be loaded' : '');
  }
  images.forEach(function (img) {
    img.addEventListener('load', report);
    img.addEventListener('error', report);
  });
  window.addEventListener('load', report);
  report();
  var box = document.getElementById('filter');
  function filter() {
    var q = box.value.trim().toLowerCase();
    document.querySelectorAll('[data-search]').forEach(function (el) {
      el.hidden = q !== '' && el.getAttribute('data-search').toLowerCase().indexOf(q) < 0;
    });
    document.querySelectorAll('section.rule, section.file, #failed').forEach(function (sec) {
      sec.hidden = q !== '' && !sec.querySelector('[data-search]:not([hidden])');
    });
  }
  box.addEventListener('input', filter);
  // index.html#TEXT opens the page filtered, a link to share.
  if (location.hash.length > 1) {
    box.value = decodeURIComponent(location.hash.slice(1));
    filter();
  }
})();
)";

std::string search_text(const GalleryPlot& p) {
    return html_escape(p.file + ' ' + p.dataset + ' ' + p.kind + ' ' + p.rule_name +
                       (p.failed ? " failed " + p.error : ""));
}

void add_figure(std::string& html, const GalleryPlot& p, std::size_t& images) {
    html += "<figure class=\"plot" + std::string(p.failed ? " failed" : "") + "\" data-search=\"" +
            search_text(p) + "\">";
    const std::string thumb = p.thumbnail.empty() ? p.image : p.thumbnail;
    if (!p.failed && !thumb.empty()) {
        html += "<a href=\"" + html_escape(url_path(p.image)) + "\"><img class=\"thumb\" src=\"" +
                html_escape(url_path(thumb)) + "\" alt=\"" + html_escape(p.dataset) + "\"" +
                (++images > eager_images ? " loading=\"lazy\"" : "") + "></a>";
    }
    html += "<figcaption>" + html_escape(p.dataset);
    if (p.failed) html += "<br><span class=\"error\">failed: " + html_escape(p.error) + "</span>";
    html += "</figcaption></figure>\n";
}

void add_failed_list(std::string& html, const std::vector<GalleryPlot>& plots) {
    const auto failed = std::count_if(plots.begin(), plots.end(), [](auto& p) { return p.failed; });
    if (failed == 0) return;
    html += "<section id=\"failed\"><h2>Failed plots (" + std::to_string(failed) + ")</h2><ul>\n";
    for (const auto& p : plots) {
        if (!p.failed) continue;
        html += "<li class=\"failed-plot\" data-search=\"" + search_text(p) + "\"><code>" +
                html_escape(p.file) + "</code> <code>" + html_escape(p.dataset) +
                "</code>: <span class=\"error\">" + html_escape(p.error) + "</span></li>\n";
    }
    html += "</ul></section>\n";
}

void add_unmatched(std::string& html, const std::vector<UnmatchedDataset>& unmatched) {
    if (unmatched.empty()) return;
    html += "<details id=\"unmatched\"><summary>" + std::to_string(unmatched.size()) + " dataset" +
            (unmatched.size() == 1 ? "" : "s") + " matched no rule (not drawn)</summary><ul>\n";
    for (const auto& u : unmatched)
        html += "<li><code>" + html_escape(u.file) + "</code> <code>" + html_escape(u.dataset) +
                "</code></li>\n";
    html += "</ul></details>\n";
}

}  // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (static_cast<unsigned char>(c) >= 0x80) {
            const std::size_t n = utf8_sequence_length(text, i);
            out += n == 0 ? std::string_view("\xef\xbf\xbd") : text.substr(i, n);
            i += n == 0 ? 1 : n;
            continue;
        }
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
        ++i;
    }
    return out;
}

std::string url_path(std::string_view path) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : path) {
        const auto b = static_cast<unsigned char>(c);
        const bool plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
                           (b >= '0' && b <= '9') || b == '/' || b == '-' || b == '.' || b == '_' ||
                           b == '~';
        if (plain) {
            out += c;
        } else {
            out += '%';
            out += hex[b >> 4];
            out += hex[b & 15];
        }
    }
    return out;
}

GalleryPlot gallery_plot(const PlotRecord& record, int rule, std::string rule_name) {
    GalleryPlot p;
    p.file = record.file;
    p.dataset = record.dataset;
    p.kind = record.kind;
    p.rule = rule;
    p.rule_name = std::move(rule_name);
    p.failed = record.status == PlotStatus::failed;
    p.error = record.error.value_or("");
    for (const char* format : {"png", "svg"}) {
        for (const auto& o : record.outputs) {
            if (p.image.empty() && o.format == format) p.image = o.path;
        }
    }
    if (p.image.empty() && !record.outputs.empty()) p.image = record.outputs.front().path;
    if (record.thumbnail) p.thumbnail = record.thumbnail->path;
    return p;
}

std::string gallery_html(const GalleryPage& page) {
    std::string html =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>" +
        html_escape(page.title) + "</title>\n<style>" + std::string(style) +
        "</style>\n</head>\n<body>\n<header>\n<h1>" + html_escape(page.title) +
        "</h1>\n<p class=\"summary\">" + html_escape(page.summary) + "</p>\n" +
        "<input id=\"filter\" type=\"search\" placeholder=\"filter: file, dataset, "
        "kind or rule\" aria-label=\"filter plots\">\n"
        "<p id=\"image-status\">thumbnails loading…</p>\n</header>\n";
    add_failed_list(html, page.plots);

    // Files in manifest order; inside a file, by rule.
    std::vector<std::string> files;
    std::map<std::string, std::vector<const GalleryPlot*>> by_file;
    for (const auto& p : page.plots) {
        auto& list = by_file[p.file];
        if (list.empty()) files.push_back(p.file);
        list.push_back(&p);
    }
    std::size_t images = 0;
    for (const auto& file : files) {
        auto& list = by_file[file];
        std::stable_sort(list.begin(), list.end(), [](const GalleryPlot* a, const GalleryPlot* b) {
            return static_cast<unsigned>(a->rule) < static_cast<unsigned>(b->rule);  // -1 last
        });
        html += "<section class=\"file\"><h2>" + html_escape(file) + "</h2>\n";
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (i == 0 || list[i]->rule != list[i - 1]->rule) {
                if (i != 0) html += "</div></section>\n";
                html += "<section class=\"rule\"><h3>" + html_escape(list[i]->rule_name) +
                        "</h3><div class=\"grid\">\n";
            }
            add_figure(html, *list[i], images);
        }
        html += "</div></section>\n</section>\n";
    }
    add_unmatched(html, page.unmatched);
    html += "<script>" + std::string(script) + "</script>\n</body>\n</html>\n";
    return html;
}

std::filesystem::path write_gallery(const std::filesystem::path& dir, const GalleryPage& page) {
    auto path = dir / output_layout::gallery;
    write_file_atomically(path, gallery_html(page));
    return path;
}

}  // namespace plotcluster
