// Business calendars and business-time arithmetic (SPEC 4). Pure: no I/O, no clock of its own.
// The parts live in calendar*.ts files; import from here.
export {
  DEFAULT_CALENDAR,
  WEEKDAYS,
  businessDayMinutes,
  parseHolidayParam,
  parseTimeRanges,
  validateCalendar,
  type BusinessCalendar,
  type Holiday,
  type TimeRange,
  type Weekday,
} from './calendarValidate.js';
export { addBusinessDays, addBusinessMinutes, businessMinutesBetween, nextBusinessInstant } from './calendarEngine.js';
export { parseIcsHolidays } from './calendarIcs.js';
