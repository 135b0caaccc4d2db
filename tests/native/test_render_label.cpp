// make_qr / render_label_*: symbol size and level, label PNG -> photo-like degradations ->
// scan_image round trips, and the SVG's text and modules.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>

#include "image_transforms.h"
#include "render_label.h"
#include "scan_image.h"

using namespace traceseal;
using namespace traceseal::native;

namespace {

// A code text of the production shape: prefix + 131 characters of the token alphabet (§3.2).
std::string sample_code_text(unsigned seed = 7) {
    static const char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$*+-:";
    std::string t = "HTTPS://TS.EXAMPLE/C/";
    unsigned s = seed;
    for (int i = 0; i < 131; ++i) {
        s = s * 1103515245u + 12345u;
        t += kAlphabet[(s >> 16) % 41];
    }
    return t;
}

LabelText sample_label() {
    LabelText t;
    t.code_number = "00000123-00000045";
    t.caption = "Sunrise Duty Free · 香水 Perfume";
    return t;
}

GrayImage render_gray(const std::string& text, int module_px = 8,
                      LabelText label = sample_label()) {
    auto qr = make_qr(text);
    REQUIRE(qr.has_value());
    auto png = render_label_png(*qr, label, module_px);
    REQUIRE(png.has_value());
    auto img = load_image_memory(png->data(), png->size());
    REQUIRE(img.has_value());
    return *img;
}

// The label must read back as exactly one QR code with the text it was made from.
void check_reads(const GrayImage& img, const std::string& text) {
    const auto symbols = scan_image(img);
    REQUIRE(symbols.size() == 1u);
    CHECK(symbols[0].text == text);
    CHECK(symbols[0].format == "QRCode");
}

}  // namespace

TEST_CASE("make_qr: a 152-character code text fits version 6 at level M") {
    const std::string text = sample_code_text();
    REQUIRE(text.size() == 152u);
    auto qr = make_qr(text, 'M');
    REQUIRE(qr.has_value());
    MESSAGE("152-char alphanumeric text: version ", qr->version, ", level ",
            std::string(1, qr->ec_level));
    CHECK(qr->version <= 6);
    CHECK(std::string("MQH").find(qr->ec_level) != std::string::npos);
    CHECK(qr->size == 17 + 4 * qr->version);
    CHECK(qr->modules.size() == static_cast<std::size_t>(qr->size * qr->size));
    // Finder pattern corners are dark, the separator next to them light.
    CHECK(qr->modules[0] == 1);
    CHECK(qr->modules[7] == 0);
    CHECK(qr->modules[qr->size - 1] == 1);
}

TEST_CASE("make_qr: each level is what was asked for, or stronger in the same version") {
    const std::string text = sample_code_text();
    const std::string order = "LMQH";
    int last_version = 0;
    for (char level : order) {
        CAPTURE(level);
        auto qr = make_qr(text, level);
        REQUIRE(qr.has_value());
        CHECK(order.find(qr->ec_level) >= order.find(level));
        CHECK(qr->version >= last_version);
        last_version = qr->version;
    }
    // Measured with ZXing 1.4 for 152 alphanumeric characters: L v5, M v6, Q v8, H v10.
    CHECK(make_qr(text, 'L')->version == 5);
    CHECK(make_qr(text, 'Q')->version == 8);
    CHECK(make_qr(text, 'H')->version == 10);
    CHECK(make_qr(text, 'H')->ec_level == 'H');
    // A short text in version 1 at L gains a level for free? Only if version 1 still holds it.
    auto tiny = make_qr("A", 'L');
    REQUIRE(tiny.has_value());
    CHECK(tiny->version == 1);
    CHECK(tiny->ec_level == 'H');
}

TEST_CASE("make_qr: bad level and oversized text are errors") {
    auto bad = make_qr("ABC", 'X');
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().reason == Reason::token_bad_character);
    auto huge = make_qr(std::string(5000, 'a'), 'M');
    REQUIRE_FALSE(huge.has_value());
    CHECK(huge.error().reason == Reason::token_bad_length);
}

TEST_CASE("make_qr: non-ASCII text round-trips as UTF-8") {
    const std::string text = "关税未付 禁止倒卖 https://ts.example/c/x?a=1";
    auto qr = make_qr(text);
    REQUIRE(qr.has_value());
    auto png = render_label_png(*qr, sample_label(), 6);
    REQUIRE(png.has_value());
    auto img = load_image_memory(png->data(), png->size());
    REQUIRE(img.has_value());
    check_reads(*img, text);
}

TEST_CASE("render_label_png: layout, size and the label reads back") {
    const std::string text = sample_code_text();
    auto qr = make_qr(text);
    REQUIRE(qr.has_value());
    auto png = render_label_png(*qr, sample_label(), 8);
    REQUIRE(png.has_value());
    auto img = load_image_memory(png->data(), png->size());
    REQUIRE(img.has_value());
    const int qr_block = (qr->size + 8) * 8;
    CHECK(img->width >= qr_block);
    CHECK(img->height > qr_block + 80);  // room for three lines of text
    // The quiet zone (4 modules) around the symbol is white; the text area below has ink.
    const int offset = (img->width - qr_block) / 2;
    int ink_in_quiet_zone = 0, dark_in_symbol = 0;
    for (int y = 0; y < qr_block; ++y)
        for (int x = 0; x < qr_block; ++x) {
            const bool quiet = x < 32 || y < 32 || x >= qr_block - 32 || y >= qr_block - 32;
            const bool dark =
                img->pixels[static_cast<std::size_t>(y) * img->width + offset + x] < 128;
            ink_in_quiet_zone +=
                quiet && img->pixels[static_cast<std::size_t>(y) * img->width + offset + x] != 255;
            dark_in_symbol += !quiet && dark;
        }
    CHECK(ink_in_quiet_zone == 0);
    // Every module is 8x8 px of exactly the symbol's colour.
    const auto dark_modules = std::count(qr->modules.begin(), qr->modules.end(), 1);
    CHECK(dark_in_symbol == dark_modules * 64);
    const auto text_area = std::vector<std::uint8_t>(
        img->pixels.begin() + static_cast<std::size_t>(qr_block) * img->width, img->pixels.end());
    CHECK(std::count_if(text_area.begin(), text_area.end(),
                        [](std::uint8_t v) { return v < 128; }) > 2000);
    check_reads(*img, text);
    if (const char* dir = std::getenv("TRACESEAL_LABEL_OUT")) {  // for looking at it
        const std::string path = std::string(dir) + "/label.png";
        test::write_file(path, *png);
        const std::string svg = render_label_svg(*qr, sample_label());
        test::write_file(std::string(dir) + "/label.svg",
                         std::vector<std::uint8_t>(svg.begin(), svg.end()));
    }
}

TEST_CASE("render_label_png: a long caption widens the label instead of overflowing") {
    auto qr = make_qr(sample_code_text());
    REQUIRE(qr.has_value());
    LabelText t = sample_label();
    t.caption =
        std::string(12, 'W') + " 中华人民共和国海关总署免税商品追溯标签示例文字很长很长很长";
    auto png = render_label_png(*qr, t, 4);
    REQUIRE(png.has_value());
    auto img = load_image_memory(png->data(), png->size());
    REQUIRE(img.has_value());
    CHECK(img->width > (qr->size + 8) * 4);
    // No ink touches the left or right edge.
    for (int y = 0; y < img->height; ++y) {
        CHECK(img->pixels[static_cast<std::size_t>(y) * img->width] == 255);
        CHECK(img->pixels[static_cast<std::size_t>(y) * img->width + img->width - 1] == 255);
    }
}

TEST_CASE("render_label_png: bad input is an error") {
    QrSymbol broken;
    broken.version = 6;
    broken.size = 40;  // not 17 + 4 * 6
    broken.modules.assign(40 * 40, 0);
    auto r = render_label_png(broken, sample_label());
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().reason == Reason::image_corrupt);
    auto qr = make_qr("ABC");
    REQUIRE(qr.has_value());
    CHECK_FALSE(render_label_png(*qr, sample_label(), 0).has_value());
    CHECK_FALSE(render_label_png(*qr, sample_label(), 1000).has_value());
}

TEST_CASE("round trip: rotations") {
    const std::string text = sample_code_text(11);
    const GrayImage label = render_gray(text, 4);
    for (double deg : {7.0, 33.0, 45.0, 90.0, 135.0, 180.0, 270.0, 353.0}) {
        CAPTURE(deg);
        check_reads(test::rotate(label, deg, 255), text);
    }
    // On a grey background, like a photo of a label on a box.
    check_reads(test::rotate(test::pad(label, 40, 150), 21.0, 150), text);
}

TEST_CASE("round trip: scaling down to about 2 px per module, and up") {
    const std::string text = sample_code_text(12);
    const GrayImage label = render_gray(text, 8);
    for (double f : {0.5, 0.375, 0.3, 0.25}) {  // 4, 3, 2.4 and 2 px per module
        CAPTURE(f);
        check_reads(test::scale(label, f), text);
    }
    check_reads(test::scale(label, 2.5), text);
    check_reads(test::scale(render_gray(text, 3), 1.7), text);  // non-integer module size
}

TEST_CASE("round trip: blur, noise, low contrast, inversion") {
    const std::string text = sample_code_text(13);
    const GrayImage label = render_gray(text, 6);
    check_reads(test::blur(label, 1.5), text);
    check_reads(test::blur(label, 2.5), text);
    check_reads(test::add_noise(label, 60), text);
    check_reads(test::add_noise(test::blur(label, 1.2), 40), text);
    check_reads(test::contrast(label, 100, 150), text);  // 50 grey levels of contrast
    check_reads(test::contrast(label, 0, 60), text);     // underexposed
    check_reads(test::invert(label), text);              // light modules on dark
    check_reads(test::invert(test::rotate(label, 30, 255)), text);
}

TEST_CASE("round trip: perspective warp") {
    const std::string text = sample_code_text(14);
    const GrayImage label = render_gray(text, 5);
    const double w = label.width, h = label.height;
    const double keystone[8] = {60, 40,           60 + w * 0.9, 70, 60 + w * 0.95, 40 + h * 0.85,
                                40, 60 + h * 0.95};
    check_reads(test::warp_perspective(label, keystone, static_cast<int>(w * 1.1 + 80),
                                       static_cast<int>(h + 80)),
                text);
    const double tilted[8] = {30,           30, 30 + w * 0.7, 50, 30 + w * 0.75,
                              30 + h * 0.8, 20, 40 + h * 0.8};
    check_reads(test::warp_perspective(label, tilted, static_cast<int>(w * 0.8 + 60),
                                       static_cast<int>(h * 0.85 + 60)),
                text);
}

TEST_CASE("round trip: low-quality JPEG") {
    const std::string text = sample_code_text(15);
    for (int quality : {30, 15}) {
        CAPTURE(quality);
        const auto jpg = test::encode_jpeg(test::rotate(render_gray(text, 4), 12, 255), quality);
        auto img = load_image_memory(jpg.data(), jpg.size());
        REQUIRE(img.has_value());
        check_reads(*img, text);
    }
}

TEST_CASE("round trip: two labels side by side are both reported, a repeated label once") {
    const std::string a = sample_code_text(21), b = sample_code_text(22);
    const GrayImage la = render_gray(a, 4), lb = render_gray(b, 4);
    const auto symbols = scan_image(test::side_by_side({la, lb}, 30));
    REQUIRE(symbols.size() == 2u);
    std::vector<std::string> texts = {symbols[0].text, symbols[1].text};
    std::sort(texts.begin(), texts.end());
    std::vector<std::string> expected = {a, b};
    std::sort(expected.begin(), expected.end());
    CHECK(texts == expected);
    // Outlines lie in the half of the image where each label is.
    for (const auto& s : symbols) {
        const bool left = s.text == a;
        for (const Point& p : s.outline) CHECK((p.x < 30 + la.width + 15) == left);
    }
    CHECK(scan_image(test::side_by_side({la, la}, 30)).size() == 1u);
}

// Issue 10: the scan used to stop at the first pass that read a 2D symbol, so a second symbol
// that only a later pass (inverted, another binarizer, upscaled) reads went unreported. Each
// pair below gave one symbol before (checked against the old scanner), two now.
static std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}
static std::vector<std::string> sorted_texts(const std::vector<DecodedSymbol>& symbols) {
    std::vector<std::string> t;
    for (const auto& s : symbols) t.push_back(s.text);
    std::sort(t.begin(), t.end());
    return t;
}

TEST_CASE("every symbol: a genuine label beside a light-on-dark phishing QR gives both") {
    const std::string genuine = sample_code_text(31);
    // The same token on a look-alike host, printed light-on-dark: a phone's camera reads it.
    const std::string phishing = "HTTPS://TS-EXAMPLE.CN/C/" + genuine.substr(21);
    const GrayImage pair =
        test::side_by_side({render_gray(genuine, 4), test::invert(render_gray(phishing, 4))}, 30);
    CHECK(sorted_texts(scan_image(pair)) == sorted({genuine, phishing}));
    // Low contrast instead of inverted: the same.
    const GrayImage faint = test::side_by_side(
        {render_gray(genuine, 4), test::contrast(render_gray(phishing, 4), 120, 140)}, 30);
    CHECK(sorted_texts(scan_image(faint)) == sorted({genuine, phishing}));
}

TEST_CASE("every symbol: a foreign QR does not hide a hard-to-read genuine label") {
    const std::string genuine = sample_code_text(32);
    const std::string foreign = "https://shop.example/p/12345";
    const GrayImage shop = render_gray(foreign, 6);
    struct Case {
        const char* what;
        GrayImage label;
    };
    for (const Case& c :
         {Case{"low contrast 110-150, 3 px modules",
               test::contrast(render_gray(genuine, 3), 110, 150)},
          Case{"low contrast 100-160 with noise",
               test::add_noise(test::contrast(render_gray(genuine, 3), 100, 160), 20)},
          Case{"light-on-dark", test::invert(render_gray(genuine, 4))}}) {
        CAPTURE(c.what);
        CHECK(sorted_texts(scan_image(test::side_by_side({shop, c.label}, 30))) ==
              sorted({foreign, genuine}));
    }
}

TEST_CASE("round trip: the outline surrounds the symbol") {
    const std::string text = sample_code_text(23);
    auto qr = make_qr(text);
    REQUIRE(qr.has_value());
    const GrayImage label = render_gray(text, 8);
    const auto symbols = scan_image(label);
    REQUIRE(symbols.size() == 1u);
    const int qr_left = (label.width - (qr->size + 8) * 8) / 2 + 32, qr_top = 32,
              qr_side = qr->size * 8;
    const Point& tl = symbols[0].outline[0];
    const Point& br = symbols[0].outline[2];
    CHECK(std::abs(tl.x - qr_left) <= 8);
    CHECK(std::abs(tl.y - qr_top) <= 8);
    CHECK(std::abs(br.x - (qr_left + qr_side)) <= 8);
    CHECK(std::abs(br.y - (qr_top + qr_side)) <= 8);
}

TEST_CASE("render_label_svg: escaped text, font family, and the path is the symbol") {
    auto qr = make_qr(sample_code_text());
    REQUIRE(qr.has_value());
    LabelText t = sample_label();
    t.caption = "A&B <Duty> \"Free\" 香水";
    const std::string svg = render_label_svg(*qr, t);
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
    CHECK(svg.find("</svg>") != std::string::npos);
    CHECK(svg.find(">00000123-00000045</text>") != std::string::npos);
    CHECK(svg.find(">关税未付 禁止倒卖</text>") != std::string::npos);
    CHECK(svg.find("A&amp;B &lt;Duty&gt; &quot;Free&quot; 香水") != std::string::npos);
    CHECK(svg.find("<Duty>") == std::string::npos);
    CHECK(svg.find("font-family=\"Noto Sans CJK SC\"") != std::string::npos);
    // Exactly one path; rebuild the module grid from its runs and compare.
    const auto first = svg.find("<path"), second = svg.find("<path", first + 1);
    REQUIRE(first != std::string::npos);
    CHECK(second == std::string::npos);
    const auto d_at = svg.find(" d=\"", first) + 4;
    const std::string d = svg.substr(d_at, svg.find('"', d_at) - d_at);
    std::vector<std::uint8_t> grid(qr->modules.size(), 0);
    const std::regex run(R"(M(\d+) (\d+)h(\d+)v1h-(\d+)z)");
    std::size_t consumed = 0;
    for (auto it = std::sregex_iterator(d.begin(), d.end(), run); it != std::sregex_iterator();
         ++it) {
        const int x = std::stoi((*it)[1]), y = std::stoi((*it)[2]), n = std::stoi((*it)[3]);
        REQUIRE(std::stoi((*it)[4]) == n);
        REQUIRE(x + n <= qr->size);
        REQUIRE(y < qr->size);
        for (int i = 0; i < n; ++i) grid[static_cast<std::size_t>(y) * qr->size + x + i] = 1;
        consumed += it->length();
    }
    CHECK(consumed == d.size());  // nothing in the path but runs
    CHECK(grid == qr->modules);
}

TEST_CASE("render_label_svg: rasterized by rsvg-convert, it reads back") {
    // rsvg-convert (Debian librsvg2-bin, declared by scripts/install-deps.sh) rasterises SVG by
    // itself; ImageMagick needs a delegate that a no-recommends install lacks (TOOLCHAIN.md).
    REQUIRE_MESSAGE(
        std::system("rsvg-convert --version > /dev/null 2>&1") == 0,
        "rsvg-convert not found: apt-get install librsvg2-bin (scripts/install-deps.sh)");
    const std::string text = sample_code_text(31);
    auto qr = make_qr(text);
    REQUIRE(qr.has_value());
    const std::string base =
        std::filesystem::temp_directory_path() / ("traceseal_svg_" + std::to_string(::getpid()));
    const std::string svg = render_label_svg(*qr, sample_label());
    test::write_file(base + ".svg", std::vector<std::uint8_t>(svg.begin(), svg.end()));
    REQUIRE(std::system(("rsvg-convert -b white -o " + base + ".png " + base + ".svg").c_str()) ==
            0);
    auto img = load_image_file(base + ".png");
    REQUIRE(img.has_value());
    check_reads(*img, text);
    std::filesystem::remove(base + ".svg");
    std::filesystem::remove(base + ".png");
}

TEST_CASE("render_label_svg: control characters and invalid UTF-8 never reach the XML") {
    auto qr = make_qr("ABC");
    REQUIRE(qr.has_value());
    LabelText t;
    t.code_number = std::string("12\x01\x1f") + "34";
    t.caption = std::string("bad \xff\xfe utf8 \xe4\xb8");
    const std::string svg = render_label_svg(*qr, t);
    CHECK(svg.find(">1234</text>") != std::string::npos);
    for (char c : svg) CHECK((static_cast<unsigned char>(c) >= 0x20 || c == '\n'));
    CHECK(svg.find("\xff") == std::string::npos);
}
