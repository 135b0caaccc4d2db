// What the viewer can open: image files, text files of codes (one per line), and folders of
// them (recursed, in name order).
#pragma once

#include <string>
#include <vector>

#include "app_state.h"

namespace traceseal::viewer {

struct InputFile {
    std::string path;
    Source kind = Source::image;
};

bool is_text_path(const std::string& path);   // .txt .text .codes .lst
bool is_image_path(const std::string& path);  // .png .jpg .jpeg .bmp .gif .tga
bool is_directory(const std::string& path);
// Files are taken as given (text by extension, anything else as an image, so a bad file is
// reported, not skipped); folders contribute only files with known extensions.
std::vector<InputFile> expand_inputs(const std::vector<std::string>& paths);
// The folder a path names, or the folder it is in: for the recent-folders list.
std::string folder_of(const std::string& path);

}  // namespace traceseal::viewer
