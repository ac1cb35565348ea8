#pragma once

// A boolean SQL expression, built only from parts that are already safe (quoted identifiers,
// placeholders of bound values): what WHERE clauses are made of. It knows when it is always
// true or never true, so combining conditions simplifies them instead of comparing text with
// "TRUE" and "FALSE".

#include <string>
#include <vector>

namespace eventctl {

class Condition {
  public:
    // An expression; it is parenthesised when combined.
    explicit Condition(std::string sql) : m_sql(std::move(sql)) {}

    // TRUE: no restriction.
    static Condition always() { return Condition(Constant::always); }
    // FALSE: nothing passes.
    static Condition never() { return Condition(Constant::never); }

    // Every condition: AND, with TRUE left out; FALSE when any is FALSE; TRUE for none.
    static Condition all(const std::vector<Condition>& conditions);
    // Any condition: OR, with FALSE left out; TRUE when any is TRUE; FALSE for none.
    static Condition any(const std::vector<Condition>& conditions);

    bool is_always() const { return m_constant == Constant::always; }
    bool is_never() const { return m_constant == Constant::never; }

    // The SQL text, "TRUE" and "FALSE" for the constants.
    std::string sql() const;
    // The clause it makes after lead (" WHERE ", " AND "); nothing for TRUE, which restricts
    // nothing.
    std::string clause(const std::string& lead) const { return is_always() ? "" : lead + sql(); }

    // NOT, of a condition that may be NULL (a column compared with nothing): NULL counts as
    // not met, so NOT of it is met.
    Condition negated() const;

  private:
    enum class Constant { none, always, never };
    explicit Condition(Constant constant) : m_constant(constant) {}

    std::string m_sql;
    Constant m_constant = Constant::none;
};

inline Condition operator&&(const Condition& left, const Condition& right) {
    return Condition::all({left, right});
}

inline Condition operator||(const Condition& left, const Condition& right) {
    return Condition::any({left, right});
}

} // namespace eventctl
