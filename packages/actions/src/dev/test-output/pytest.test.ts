import { describe, expect, it } from 'vitest';
import { looksLikePytest, parsePytest } from './pytest.ts';

const FAILING = `
============================= test session starts ==============================
platform linux -- Python 3.12.3, pytest-8.3.2, pluggy-1.5.0
rootdir: /home/dev/app
configfile: pyproject.toml
collected 6 items

tests/test_dates.py .F.s                                                 [ 66%]
tests/test_cli.py .E                                                     [100%]

==================================== ERRORS ====================================
_____________________ ERROR at setup of test_rejects_flags _____________________
    @pytest.fixture
    def cli():
>       raise RuntimeError("no cli")
E       RuntimeError: no cli
=================================== FAILURES ===================================
_______________________________ test_parse_iso _______________________________

    def test_parse_iso():
>       assert parse("2024") == date(2025, 1, 1)
E       AssertionError: assert datetime.date(2024, 1, 1) == datetime.date(2025, 1, 1)

tests/test_dates.py:9: AssertionError
=========================== short test summary info ============================
FAILED tests/test_dates.py::test_parse_iso - AssertionError: assert datetime.date(2024, 1, 1) == ...
ERROR tests/test_cli.py::test_rejects_flags - RuntimeError: no cli
============== 1 failed, 3 passed, 1 skipped, 1 error in 0.12s ===============
`;

describe('parsePytest', () => {
  it('counts errors as failures and names both', () => {
    expect(looksLikePytest(FAILING)).toBe(true);
    expect(parsePytest(FAILING)).toEqual({
      passed: 3,
      failed: 2,
      skipped: 1,
      failing: ['tests/test_dates.py::test_parse_iso', 'tests/test_cli.py::test_rejects_flags'],
    });
  });

  it('reads a passing run, quiet mode and an empty one', () => {
    expect(parsePytest('========== 5 passed, 1 xfailed, 2 warnings in 1.03s ==========')).toEqual({
      passed: 5,
      failed: 0,
      skipped: 1,
      failing: [],
    });
    expect(parsePytest('.....\n5 passed in 0.04s\n')).toMatchObject({ passed: 5, failed: 0 });
    expect(parsePytest('============ no tests ran in 0.01s ============')).toMatchObject({
      passed: 0,
      failed: 0,
      skipped: 0,
    });
  });
});
