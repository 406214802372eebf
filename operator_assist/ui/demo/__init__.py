"""Demonstration and practice: the scenario player, its panel and the trainee's score card."""
