export { addDays, addMonths, daysBetween, isoWeekday, type MonthEndRule } from './calendar-date';
export * from './deadline';
export * from './definitions';
export * from './duration';
export * from './holiday-calendar';
export * from './limits';
export * from './sample-calendar-cn';
export * from './triggers';
export * from './warning';
