import { Link } from 'react-router';

export function NotFoundRoute() {
  return (
    <div className="page page--message">
      <h1>Page not found</h1>
      <p className="muted">There is nothing at this address.</p>
      <Link className="button" to="/">
        Back to the dashboard
      </Link>
    </div>
  );
}

export function NotAllowed() {
  return (
    <div className="page page--message" data-testid="not-allowed">
      <h1>Not allowed</h1>
      <p className="muted">This page is for administrators. Ask an administrator if you need access.</p>
      <Link className="button" to="/">
        Back to the dashboard
      </Link>
    </div>
  );
}
