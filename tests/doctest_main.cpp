// The doctest runner shared by every test executable. Every test case (and every re-entry for a
// subcase) starts with an empty held state (FORMAT.md §4.7): TRACESEAL_STATE_DIR points to a
// fresh temporary directory that the CLI runs and the viewer state of that case inherit, so no
// test ever reads or writes ~/.local/state and the order of tests cannot matter.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

struct FreshHeldState : doctest::IReporter {
    std::string dir;
    explicit FreshHeldState(const doctest::ContextOptions&) {}
    void fresh() {
        clear();
        std::string tmpl =
            (std::filesystem::temp_directory_path() / "traceseal_test_state.XXXXXX").string();
        if (!mkdtemp(&tmpl[0])) std::abort();
        dir = tmpl;
        setenv("TRACESEAL_STATE_DIR", dir.c_str(), 1);
    }
    void clear() {
        std::error_code ec;
        if (!dir.empty()) std::filesystem::remove_all(dir, ec);
        dir.clear();
    }
    void report_query(const doctest::QueryData&) override {}
    void test_run_start() override {}
    void test_run_end(const doctest::TestRunStats&) override { clear(); }
    void test_case_start(const doctest::TestCaseData&) override { fresh(); }
    void test_case_reenter(const doctest::TestCaseData&) override { fresh(); }
    void test_case_end(const doctest::CurrentTestCaseStats&) override { clear(); }
    void test_case_exception(const doctest::TestCaseException&) override {}
    void subcase_start(const doctest::SubcaseSignature&) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData&) override {}
    void log_message(const doctest::MessageData&) override {}
    void test_case_skipped(const doctest::TestCaseData&) override {}
};
REGISTER_LISTENER("fresh_held_state", 1, FreshHeldState);

}  // namespace
