// Folder expansion with std::filesystem; symlinked folders are not followed (no cycles).
#include "inputs.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace traceseal::viewer {
namespace {

std::string lower_extension(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

}  // namespace

bool is_text_path(const std::string& path) {
    std::string e = lower_extension(path);
    return e == ".txt" || e == ".text" || e == ".codes" || e == ".lst";
}

bool is_image_path(const std::string& path) {
    std::string e = lower_extension(path);
    return e == ".png" || e == ".jpg" || e == ".jpeg" || e == ".bmp" || e == ".gif" || e == ".tga";
}

bool is_directory(const std::string& path) {
    std::error_code ec;
    return fs::is_directory(path, ec);
}

std::vector<InputFile> expand_inputs(const std::vector<std::string>& paths) {
    std::vector<InputFile> out;
    for (const std::string& p : paths) {
        if (!is_directory(p)) {
            out.push_back({p, is_text_path(p) ? Source::text_file : Source::image});
            continue;
        }
        std::vector<std::string> found;
        std::error_code ec;
        for (fs::recursive_directory_iterator
                 it(p, fs::directory_options::skip_permission_denied, ec),
             end;
             !ec && it != end; it.increment(ec)) {
            if (!it->is_regular_file(ec)) continue;
            std::string f = it->path().string();
            if (is_image_path(f) || is_text_path(f)) found.push_back(f);
        }
        std::sort(found.begin(), found.end());
        for (auto& f : found)
            out.push_back({f, is_text_path(f) ? Source::text_file : Source::image});
    }
    return out;
}

std::string folder_of(const std::string& path) {
    if (is_directory(path)) return fs::absolute(path).lexically_normal().string();
    return fs::absolute(path).parent_path().lexically_normal().string();
}

}  // namespace traceseal::viewer
