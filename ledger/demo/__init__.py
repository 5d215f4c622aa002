"""演示县: a deterministic synthetic Changbai county, written through the ledger's own use cases.

``generator.generate_demo`` builds the county on a simulated clock; ``summary.summarise`` reads
the stored events back and computes the county's figures in the style of the seed article.
"""
