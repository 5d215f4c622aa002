"""Formalism signals (形式主义信号): projected facts and the detectors that read them.

Signals steer sampling and inspection; they never change a score or sanction anyone.
"""
