// One vector file of tests/vectors/ (FORMAT.md §8) as JSON, for the doctest vector runners.
#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace traceseal::test {

inline nlohmann::json load_vector_file(const char* name) {
    std::ifstream in(std::string(TRACESEAL_VECTORS_DIR) + "/" + name);
    REQUIRE(in);
    std::stringstream ss;
    ss << in.rdbuf();
    nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

}  // namespace traceseal::test
