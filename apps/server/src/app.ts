import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { ErrorResponse } from '@tongxin/shared/schemas';
import type { Config } from './config.js';
import { ping, type DatabaseHandle } from './platform/db/index.js';
import { frameworkErrors, registerErrorHandling } from './platform/errors.js';
import { registerJsonBodies } from './platform/json-body.js';
import { registerAccessControl, type RegisteredRoute } from './platform/access.js';
import { DataCipher } from './platform/crypto.js';
import { registerStatic } from './platform/static.js';
import { Notifier } from './platform/notify/notifier.js';
import { LiveHub } from './platform/notify/live.js';
import { DeliveryWorker } from './platform/notify/worker.js';
import { systemClock, type Clock } from './platform/clock.js';
import { JobRunner } from './platform/jobs.js';
import { createDomainEvents, type DomainEvents } from './platform/events.js';
import { regionsModule } from './modules/regions/index.js';
import { authModule } from './modules/auth/index.js';
import { accountsModule } from './modules/accounts/index.js';
import { auditModule } from './modules/audit/index.js';
import { notificationsModule } from './modules/notifications/index.js';
import { createPeopleService, peopleModule } from './modules/people/index.js';
import { createPartyService, partyModule } from './modules/party/index.js';
import { gridModule } from './modules/grid/index.js';
import { excelModule } from './modules/excel/index.js';
import { volunteersModule } from './modules/volunteers/index.js';
import { teamsModule } from './modules/teams/index.js';
import { pairingsModule } from './modules/pairings/index.js';
import { recordsModule } from './modules/records/index.js';
import { calendarModule } from './modules/calendar/index.js';
import { createActivities, type ActivityService, type ActivitySweeper } from './modules/activities/index.js';
import { createHelp, type HelpService } from './modules/help/index.js';
import { createFigures } from './modules/figures/index.js';
import { partyPointsModule } from './modules/party-points/index.js';
import { createPoints, type ExchangeService, type PointsService } from './modules/points/index.js';

/** Everything a module may be handed. Each module takes only the parts it uses. */
export interface Platform {
  config: Config;
  database: DatabaseHandle;
  cipher: DataCipher;
  notifier: Notifier;
  live: LiveHub;
  /** Sends outbound notification deliveries; started on ready unless startWorkers is false. */
  deliveries: DeliveryWorker;
  /** The time as the application sees it (tests pass a ManualClock). */
  clock: Clock;
  /** The job queue on the application's database (deadlines, pools, reminders). */
  jobs: JobRunner;
  /** In-transaction events between modules (a confirmed service record → the points bank). */
  events: DomainEvents;
}

declare module 'fastify' {
  interface FastifyInstance {
    platform: Platform;
    /** Every /api route with its declared access, for the generated access test and docs. */
    apiRoutes: RegisteredRoute[];
    /** The activities service and its reminder sweeper (tests drive the sweeper by hand). */
    activities: { service: ActivityService; sweeper: ActivitySweeper };
    /** The help-request service (tests call its job handlers through platform.jobs). */
    help: { service: HelpService };
    /** The points bank (tests reach the ledger and the exchange directly). */
    points: { service: PointsService; exchange: ExchangeService };
  }
}

export interface BuildOptions {
  config: Config;
  database: DatabaseHandle;
  /** Start the outbound delivery worker (off in most tests; they call runOnce themselves). */
  startWorkers?: boolean;
  /** The application's clock; the system clock unless a test moves time by hand. */
  clock?: Clock;
}

function tileSources(template: string): string[] {
  if (!template) return [];
  const u = new URL(template.replace(/\{s\}/g, 'x').replace(/\{[a-z]+\}/g, '0'));
  const host = template.includes('{s}') ? `*.${u.hostname.split('.').slice(1).join('.')}` : u.host;
  return [`${u.protocol}//${host}`];
}

export async function buildApp({ config, database, startWorkers = true, clock = systemClock }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'] },
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    // Huge JSON is refused before it is read, deeply nested JSON before it is validated (below).
    // Coercion turns "1e999" into Infinity, and Ajv's strictNumbers would then skip minimum and
    // maximum: without it the bounds hold.
    ajv: { customOptions: { coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: false, strictNumbers: false } },
    frameworkErrors,
    return503OnClosing: true,
    forceCloseConnections: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const db = database.db;
  const cipher = new DataCipher(config.dataKey, config.previousDataKey);
  const live = new LiveHub(database, app.log);
  const notifier = new Notifier({ db, cipher, config });
  const worker = new DeliveryWorker({ db, cipher, config, log: app.log });
  const jobs = new JobRunner(db, clock, app.log);
  const events = createDomainEvents();
  app.decorate('platform', { config, database, cipher, notifier, live, deliveries: worker, clock, jobs, events });
  app.decorate('apiRoutes', [] as RegisteredRoute[]);
  const activities = createActivities({ db, cipher, notifier, dataKey: config.dataKey, log: app.log, events });
  app.decorate('activities', { service: activities.service, sweeper: activities.sweeper });
  const figures = createFigures({ db, clock });
  const help = createHelp({ db, cipher, notifier, clock, jobs, events, figures: figures.service });
  app.decorate('help', { service: help.service });
  const points = createPoints({ db, notifier, clock, jobs, events });
  app.decorate('points', { service: points.points, exchange: points.exchange });

  registerErrorHandling(app);
  registerJsonBodies(app);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Map tiles come from the configured tile server (its host, with {s} subdomains widened).
        imgSrc: ["'self'", 'data:', 'blob:', ...tileSources(config.mapTileUrl)],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        // Plain HTTP on a town's LAN (http://192.168.x.x:3000) must keep working; behind HTTPS
        // (COOKIE_SECURE) browsers are told to upgrade and to remember it.
        upgradeInsecureRequests: config.cookieSecure ? [] : null,
      },
    },
    strictTransportSecurity: config.cookieSecure,
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  app.addSchema(ErrorResponse);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '同心 Tongxin API',
        version: '0.1.0',
        description: '党建引领志愿服务融入基层治理平台。Errors answer with ErrorResponse; writes need the x-csrf-token header.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'tx_session' } },
      },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, transformStaticCSP: (h) => h });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, () => app.swagger());

  registerAccessControl(app, db, app.apiRoutes, database.listen);

  app.get('/healthz', { schema: { hide: true } }, () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await Promise.race([ping(db), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
      return { status: 'ready', database: database.kind };
    } catch {
      return reply.status(503).send({ status: 'not-ready', database: database.kind });
    }
  });

  await app.register(
    async (api) => {
      await api.register(authModule({ db, cipher, config }));
      await api.register(regionsModule({ db }));
      await api.register(accountsModule({ db, cipher }));
      await api.register(auditModule({ db }));
      await api.register(notificationsModule({ db, cipher, live }));
      const people = createPeopleService({ db, cipher });
      await api.register(peopleModule({ service: people, config }));
      const party = createPartyService({ db, people });
      await api.register(partyModule({ service: party }));
      await api.register(gridModule({ db, people, party }));
      await api.register(excelModule({ db, people, party, config }));
      await api.register(volunteersModule({ db, cipher, people, notifier, config }));
      await api.register(teamsModule({ db }));
      await api.register(pairingsModule({ db }));
      await api.register(recordsModule({ db, notifier, events }));
      await api.register(activities.routes);
      await api.register(help.routes);
      await api.register(figures.routes);
      await api.register(points.routes);
      await api.register(partyPointsModule({ db, notifier }));
      await api.register(calendarModule({ db, cipher, config }));
    },
    { prefix: '/api' },
  );

  await registerStatic(app, config);

  app.addHook('onReady', async () => {
    await live.start();
    if (startWorkers) worker.start();
    if (startWorkers) activities.sweeper.start();
    if (startWorkers) jobs.start();
  });
  app.addHook('onClose', async () => {
    await jobs.stop();
    await activities.sweeper.stop();
    await worker.stop();
    await live.stop();
  });
  return app;
}
