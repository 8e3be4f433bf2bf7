export * from './idcard';
export * from './options';
export * from './form';
export * from './eligibility';
export * from './steps';
export * from './state';
export * from './term';
export * from './window';
