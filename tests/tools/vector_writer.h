// Shared by the vector generators: numbers the tests of one group (Wycheproof's tcId).
#pragma once

#include <nlohmann/json.hpp>

namespace traceseal::vectors {

using Json = nlohmann::ordered_json;

struct Writer {
    Json tests = Json::array();
    int id = 0;
    void add(Json t) {
        Json out;
        out["tcId"] = ++id;
        for (auto it = t.begin(); it != t.end(); ++it) out[it.key()] = it.value();
        tests.push_back(out);
    }
};

}  // namespace traceseal::vectors
