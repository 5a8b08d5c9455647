#include "plotcluster/record/gallery.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/scratch_dir.hpp"

namespace plotcluster {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

PlotRecord ok(const std::string& file, const std::string& dataset) {
    PlotRecord r;
    r.file = file;
    r.dataset = dataset;
    r.kind = "line";
    r.outputs = {{"pdf", "x" + dataset + ".pdf", 10, "a"},
                 {"png", "x" + dataset + ".png", 10, "b"}};
    r.thumbnail = OutputFile{"png", ".thumbnails/x" + dataset + ".png", 5, "c"};
    return r;
}

PlotRecord failed(const std::string& file, const std::string& dataset, const std::string& why) {
    PlotRecord r;
    r.file = file;
    r.dataset = dataset;
    r.kind = "heatmap";
    r.status = PlotStatus::failed;
    r.error = why;
    return r;
}

TEST(Gallery, EscapesTextAndAttributes) {
    EXPECT_EQ(html_escape("<b a=\"1\">'x' & y</b>"),
              "&lt;b a=&quot;1&quot;&gt;&#39;x&#39; &amp; y&lt;/b&gt;");
    EXPECT_EQ(html_escape("Dichte \xc3\xa4"), "Dichte \xc3\xa4");  // UTF-8 kept
    EXPECT_EQ(html_escape("bad \xff byte"), "bad \xef\xbf\xbd byte");
    EXPECT_EQ(html_escape("cut \xc3"), "cut \xef\xbf\xbd");
}

TEST(Gallery, UrlPathsSurviveOddNames) {
    EXPECT_EQ(url_path("run_0/fields/rho-1.5~.png"), "run_0/fields/rho-1.5~.png");
    EXPECT_EQ(url_path("a b/#1?x%.png"), "a%20b/%231%3Fx%25.png");
    EXPECT_EQ(url_path("\xc3\xa4.png"), "%C3%A4.png");
    EXPECT_EQ(url_path("x\"<&>.png"), "x%22%3C%26%3E.png");
}

TEST(Gallery, PlotTakesTheImageABrowserShows) {
    const auto p = gallery_plot(ok("/d/a.h5", "/t/e"), 2, "plots[2]");
    EXPECT_EQ(p.image, "x/t/e.png");  // PNG before the PDF listed first
    EXPECT_EQ(p.thumbnail, ".thumbnails/x/t/e.png");
    EXPECT_FALSE(p.failed);
    PlotRecord pdf_only = ok("/d/a.h5", "/t/f");
    pdf_only.outputs.pop_back();
    pdf_only.thumbnail.reset();
    const auto q = gallery_plot(pdf_only, 2, "plots[2]");
    EXPECT_EQ(q.image, "x/t/f.pdf");
    EXPECT_EQ(q.thumbnail, "");
    const auto f = gallery_plot(failed("/d/a.h5", "/odd/c", "compound"), 1, "plots[1]");
    EXPECT_TRUE(f.failed);
    EXPECT_EQ(f.error, "compound");
    EXPECT_EQ(f.image, "");
}

TEST(Gallery, GroupsByFileThenRuleAndListsFailures) {
    GalleryPage page;
    page.title = "plotcluster: <demo>.yaml";
    page.summary = "3 plots";
    page.plots = {gallery_plot(ok("/d/a.h5", "/f/rho"), 1, "plots[1]: heatmap \"/f/*\""),
                  gallery_plot(ok("/d/a.h5", "/t/e"), 0, "plots[0]: line \"/t/*\""),
                  gallery_plot(failed("/d/b.h5", "/bad/<script>", "a \"bad\" <one> & more"), 0,
                               "plots[0]: line \"/t/*\""),
                  gallery_plot(ok("/d/b.h5", "/t/e"), 0, "plots[0]: line \"/t/*\"")};
    page.unmatched = {{"/d/a.h5", "/grid/x"}};
    const std::string html = gallery_html(page);

    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(html.find("<title>plotcluster: &lt;demo&gt;.yaml</title>"), std::string::npos);
    // Nothing from the data reaches the page unescaped.
    EXPECT_EQ(html.find("<script>\""), std::string::npos);
    EXPECT_EQ(html.find("/bad/<script>"), std::string::npos);
    EXPECT_NE(html.find("/bad/&lt;script&gt;"), std::string::npos);
    EXPECT_NE(html.find("a &quot;bad&quot; &lt;one&gt; &amp; more"), std::string::npos);
    EXPECT_EQ(count(html, "<script>"), 1u);  // only the page's own

    // Files in manifest order, rules by index inside each file.
    const auto a = html.find("<h2>/d/a.h5</h2>"), b = html.find("<h2>/d/b.h5</h2>");
    ASSERT_NE(a, std::string::npos);
    ASSERT_NE(b, std::string::npos);
    EXPECT_LT(a, b);
    const auto rule0 = html.find("<h3>plots[0]", a), rule1 = html.find("<h3>plots[1]", a);
    EXPECT_LT(rule0, rule1);
    EXPECT_LT(rule1, b);
    EXPECT_EQ(count(html, "<section class=\"file\">"), 2u);
    EXPECT_EQ(count(html, "<section class=\"rule\">"), 3u);

    // Thumbnails link to the full images; the failed plot has none.
    EXPECT_EQ(count(html, "<img class=\"thumb\""), 3u);
    EXPECT_NE(html.find("<a href=\"x/t/e.png\"><img class=\"thumb\" src=\".thumbnails/x/t/e.png\""),
              std::string::npos);
    const auto list = html.find("<section id=\"failed\"><h2>Failed plots (1)</h2>");
    ASSERT_NE(list, std::string::npos);
    EXPECT_LT(list, a);  // failures first
    EXPECT_EQ(count(html, "class=\"failed-plot\""), 1u);
    EXPECT_NE(html.find("1 dataset matched no rule"), std::string::npos);
    EXPECT_NE(html.find("id=\"filter\""), std::string::npos);
    EXPECT_NE(html.find("id=\"image-status\""), std::string::npos);
    // No network: nothing is fetched from anywhere but the page's folder.
    EXPECT_EQ(html.find("http"), std::string::npos);
}

TEST(Gallery, ManyThumbnailsLoadLazilyAfterTheFirst500) {
    GalleryPage page;
    for (int i = 0; i < 502; ++i)
        page.plots.push_back(gallery_plot(ok("/d/a.h5", "/t/" + std::to_string(i)), 0, "r"));
    const std::string html = gallery_html(page);
    EXPECT_EQ(count(html, "<img class=\"thumb\""), 502u);
    EXPECT_EQ(count(html, "loading=\"lazy\""), 2u);
}

class GalleryFile : public test::ScratchDirTest {};

TEST_F(GalleryFile, WritesIndexHtml) {
    GalleryPage page;
    page.title = "t";
    const auto path = write_gallery(dir_, page);
    EXPECT_EQ(path, dir_ / "index.html");
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), gallery_html(page));
}

}  // namespace
}  // namespace plotcluster
