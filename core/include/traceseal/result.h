// A small Result<T>: the subset of std::expected (C++23) that g++ 12 and libc++ 14 both lack.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

#include "traceseal/reason.h"

namespace traceseal {

// An error is a stable reason code plus an optional detail for humans (never parsed).
struct Error {
    Reason reason;
    std::string detail;
};

template <typename T>
class Result {
  public:
    Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

    bool has_value() const { return v_.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & {
        assert(has_value());
        return std::get<0>(v_);
    }
    const T& value() const& {
        assert(has_value());
        return std::get<0>(v_);
    }
    T&& value() && {
        assert(has_value());
        return std::get<0>(std::move(v_));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const {
        assert(!has_value());
        return std::get<1>(v_);
    }

  private:
    std::variant<T, Error> v_;
};

inline Error make_error(Reason reason, std::string detail = {}) {
    return Error{reason, std::move(detail)};
}

}  // namespace traceseal
