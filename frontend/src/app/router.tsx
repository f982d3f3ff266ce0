import { createBrowserRouter } from 'react-router';
import { AlertRulesRoute } from './routes/alert-rules';
import { AlertsRoute } from './routes/alerts';
import { AppLayout, RequireAdmin } from './routes/app-layout';
import { CamerasRoute } from './routes/cameras';
import { DashboardRoute } from './routes/dashboard';
import { EventsRoute } from './routes/events';
import { LoginRoute } from './routes/login';
import { NotFoundRoute } from './routes/not-found';
import { NotificationsRoute } from './routes/notifications';
import { PeopleRoute } from './routes/people';
import { UsersRoute } from './routes/users';

export function createAppRouter() {
  return createBrowserRouter([
    { path: '/login', element: <LoginRoute /> },
    {
      path: '/',
      element: <AppLayout />,
      children: [
        { index: true, element: <DashboardRoute /> },
        { path: 'events', element: <EventsRoute /> },
        { path: 'alerts', element: <AlertsRoute /> },
        { path: 'notifications', element: <NotificationsRoute /> },
        {
          element: <RequireAdmin />,
          children: [
            { path: 'users', element: <UsersRoute /> },
            { path: 'cameras', element: <CamerasRoute /> },
            { path: 'people', element: <PeopleRoute /> },
            { path: 'alert-rules', element: <AlertRulesRoute /> },
          ],
        },
        { path: '*', element: <NotFoundRoute /> },
      ],
    },
  ]);
}
