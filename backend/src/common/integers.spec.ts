import { CURSOR_RANGE, ID_RANGE, integerMessage, isIntegerInRange, parseIntegerText } from './integers';

describe('integer inputs', () => {
  it.each([
    ['1', 1],
    ['2147483647', 2147483647],
    ['0042', 42],
  ])('reads id text %s as %d', (text, value) => {
    expect(parseIntegerText(text, ID_RANGE)).toBe(value);
  });

  it.each(['0', '2147483648', '9007199254740993', '1e3', '0x10', '-1', '+1', '1.0', ' 1', '1 ', '', '１', 'NaN'])(
    'refuses id text %j',
    (text) => {
      expect(parseIntegerText(text, ID_RANGE)).toBeUndefined();
    },
  );

  it('takes 0 as a cursor but not as an id', () => {
    expect(parseIntegerText('0', CURSOR_RANGE)).toBe(0);
    expect(parseIntegerText('0', ID_RANGE)).toBeUndefined();
  });

  it.each([1, 2147483647, 1.0])('takes the JSON number %d as an id', (value) => {
    expect(isIntegerInRange(value, ID_RANGE)).toBe(true);
  });

  it.each([0, -0, -1, 1.5, 2 ** 31, 2 ** 53, Infinity, NaN, '5', null, true])('refuses %j as an id', (value) => {
    expect(isIntegerInRange(value, ID_RANGE)).toBe(false);
  });

  it('words every range the same way', () => {
    expect(integerMessage('after', CURSOR_RANGE)).toBe('after must be an integer from 0 to 2147483647');
    expect(integerMessage('limit', { min: 1, max: 500 })).toBe('limit must be an integer from 1 to 500');
  });
});
