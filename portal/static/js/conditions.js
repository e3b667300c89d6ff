// Display conditions: the same expression forms as portal/questionnaires/conditions.py, which
// documents them. tests/e2e/test_conditions_js.py runs both on one table of cases.
(function (root) {
  "use strict";

  function includes(list, value) {
    return typeof value === "string" && list.indexOf(value) !== -1;
  }

  // Tell whether an expression holds for answers {question id: value or list of values}.
  // A shape this file does not know shows the question: a rule it cannot read never hides one.
  function evaluate(expr, answers) {
    if (expr === null || expr === undefined) return true;
    if (typeof expr !== "object") return true;
    var keys = Object.keys(expr).sort().join(",");
    if (keys === "all" && Array.isArray(expr.all)) {
      return expr.all.every(function (e) { return evaluate(e, answers); });
    }
    if (keys === "any" && Array.isArray(expr.any)) {
      return expr.any.some(function (e) { return evaluate(e, answers); });
    }
    if (keys === "not" && expr.not !== null && typeof expr.not === "object" && !Array.isArray(expr.not)) {
      return !evaluate(expr.not, answers);
    }
    if (keys === "any_of,question" && Array.isArray(expr.any_of)) {
      var value = Object.prototype.hasOwnProperty.call(answers, expr.question) ? answers[expr.question] : null;
      if (typeof value === "string") return includes(expr.any_of, value);
      if (Array.isArray(value)) return value.some(function (v) { return includes(expr.any_of, v); });
      return false;
    }
    return true;
  }

  root.PortalConditions = { evaluate: evaluate };
})(window);
