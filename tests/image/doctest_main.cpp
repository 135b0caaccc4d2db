// Temporary doctest main for the image/label tests until tests/doctest_main.cpp exists.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
