export async function calendar(..._a: unknown[]): Promise<number> { return 2; }
