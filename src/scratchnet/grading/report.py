"""Write the results: Gradescope ``results.json`` files, a gradebook, a summary."""
import csv
import json
import os


def results_json(result, seed, isolation):
    """One submission's result in Gradescope's ``results.json`` format.

    ``isolation`` (from `isolation.describe`) is recorded in ``extra_data``;
    each test's ``extra_data`` lists the learner's functions its run used
    (``used_yours``) and the package's stand-ins for their other answers
    (``used_package``).
    """
    return {
        "score": result.score,
        "execution_time": round(result.seconds, 3),
        "output": "\n".join([f"Exercise: {result.exercise}", f"Grading seed: {seed}",
                             *result.notes]),
        "tests": [_test(a) for a in result.assessments],
        "extra_data": {"exercise": result.exercise, "seed": seed,
                       "submission": os.path.basename(result.path), "isolation": isolation},
    }


def _test(assessment):
    test = {"name": assessment.question_id, "score": assessment.score,
            "max_score": assessment.max_score, "output": assessment.feedback}
    if assessment.used is not None:
        test["extra_data"] = {"used_yours": assessment.used["yours"],
                              "used_package": assessment.used["package"]}
    return test


def output_names(results):
    """A distinct file stem per submission: its own, with -2, -3... on clashes."""
    names, taken = [], set()
    for result in results:
        stem = os.path.splitext(os.path.basename(result.path))[0]
        name, k = stem, 1
        while name in taken:
            k += 1
            name = f"{stem}-{k}"
        taken.add(name)
        names.append(name)
    return names


def write_reports(results, out, seed, isolation):
    """Write ``out/<name>.json`` for each result and ``out/gradebook.csv``."""
    os.makedirs(out, exist_ok=True)
    names = output_names(results)
    for name, result in zip(names, results):
        with open(os.path.join(out, f"{name}.json"), "w", encoding="utf-8") as file:
            json.dump(results_json(result, seed, isolation), file, indent=2, ensure_ascii=False)
    columns = []
    for result in results:
        columns += [a.question_id for a in result.assessments if a.question_id not in columns]
    with open(os.path.join(out, "gradebook.csv"), "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["submission", "exercise", *columns, "total", "max_score"])
        for name, result in zip(names, results):
            scores = {a.question_id: a.score for a in result.assessments}
            writer.writerow([name, result.exercise or "", *(scores.get(c, "") for c in columns),
                             result.score, result.max_score])


def summary(results, seconds):
    """A few lines for the terminal: each submission's score, then the totals."""
    names = output_names(results)
    width = max([len(n) for n in names] + [10])
    lines = [f"{name:<{width}}  {r.score:>6g} / {r.max_score:<4g} "
             f"{r.exercise or '(unknown exercise)'}" for name, r in zip(names, results)]
    lines.append(f"{len(results)} submissions graded in {seconds:.1f} s "
                 f"({seconds / max(len(results), 1):.2f} s each).")
    return "\n".join(lines)
