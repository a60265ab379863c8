import { describe, expect, it } from 'vitest';
import { parseRouteHash, routeHash, type Route, type RouteTable } from './router.js';

const table: RouteTable = { sell: [], receipt: ['saleId'] };
const receipt = { name: 'receipt', saleId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' } as unknown as Route;

describe('hash routes', () => {
  it('round-trips a route with its parameters through the address', () => {
    expect(routeHash(receipt)).toBe('#/receipt?saleId=0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
    expect(parseRouteHash(routeHash(receipt), table)).toEqual(receipt);
    expect(parseRouteHash('#/sell', table)).toEqual({ name: 'sell' });
  });

  it('opens no route for an unknown name, a missing parameter or an inherited property name', () => {
    expect(parseRouteHash('#/nowhere', table)).toBeNull();
    expect(parseRouteHash('#/receipt', table)).toBeNull();
    expect(parseRouteHash('#/receipt?saleId=', table)).toBeNull();
    expect(parseRouteHash('#/constructor', table)).toBeNull();
    expect(parseRouteHash('', table)).toBeNull();
  });

  it('keeps only the parameters a route declares', () => {
    expect(parseRouteHash('#/sell?admin=1', table)).toEqual({ name: 'sell' });
  });
});
