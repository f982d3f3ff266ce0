import type { ApiError, Person } from '@argus/shared';
import { http } from './support/test-app';
import { it } from './support/fixtures';

describe('people', () => {
  it('an admin adds a person (201) and every user sees the list, ordered by id', async ({ t, admin, viewer }) => {
    const res = await http<Person>(t, 'POST', '/api/people', { token: admin, body: { name: ' Bob ' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number) as number,
      name: 'Bob',
      created_at: expect.stringMatching(/Z$/) as string,
    });
    const second = await http<Person>(t, 'POST', '/api/people', { token: admin, body: { name: 'Carol' } });
    const list = await http<Person[]>(t, 'GET', '/api/people', { token: viewer });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([res.body, second.body]);
  });

  it.for([
    [{}, 'name'],
    [{ name: '' }, 'name'],
    [{ name: ' ' }, 'name'],
    [{ name: 'x'.repeat(101) }, 'name'],
    [{ name: ['a'] }, 'name'],
    [{ name: 'ok', id: 5 }, 'id'],
  ])('refuses %j with 400 naming %s', async ([body, field], { t, admin }) => {
    const res = await http<ApiError>(t, 'POST', '/api/people', { token: admin, body });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
  });

  it('deletes a person (204), then 404', async ({ t, admin }) => {
    const person = (await http<Person>(t, 'POST', '/api/people', { token: admin, body: { name: 'Dave' } })).body;
    expect((await http(t, 'DELETE', `/api/people/${person.id}`, { token: admin })).status).toBe(204);
    const list = await http<Person[]>(t, 'GET', '/api/people', { token: admin });
    expect(list.body.map((p) => p.id)).not.toContain(person.id);
    expect((await http(t, 'DELETE', `/api/people/${person.id}`, { token: admin })).status).toBe(404);
    expect((await http(t, 'DELETE', '/api/people/abc', { token: admin })).status).toBe(400);
  });

  it('needs a token (401) and the admin role to change anything (403)', async ({ t, admin, viewer }) => {
    expect((await http(t, 'GET', '/api/people')).status).toBe(401);
    expect((await http(t, 'POST', '/api/people', { body: { name: 'x' } })).status).toBe(401);
    expect((await http(t, 'POST', '/api/people', { token: viewer, body: { name: 'x' } })).status).toBe(403);
    const person = (await http<Person>(t, 'POST', '/api/people', { token: admin, body: { name: 'Eve' } })).body;
    expect((await http(t, 'DELETE', `/api/people/${person.id}`, { token: viewer })).status).toBe(403);
    expect((await http(t, 'DELETE', `/api/people/${person.id}`)).status).toBe(401);
  });
});
