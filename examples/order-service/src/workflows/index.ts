export * from './order';
export * from './daily-report';
