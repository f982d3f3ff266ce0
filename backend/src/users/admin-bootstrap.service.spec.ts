import { generatedPasswordNotice } from './admin-bootstrap.service';

describe('generatedPasswordNotice', () => {
  it('boxes the username and password with a warning that it is shown once', () => {
    const notice = generatedPasswordNotice('admin', 'S3cret-Generated_pw');
    const lines = notice.split('\n').filter((line) => line !== '');
    expect(lines[0]).toMatch(/^\+-+\+$/);
    expect(lines.at(-1)).toBe(lines[0]);
    // Every line of the box has the same width.
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(notice).toContain('username: admin');
    expect(notice).toContain('password: S3cret-Generated_pw');
    expect(notice).toMatch(/NOT be shown again/);
  });
});
