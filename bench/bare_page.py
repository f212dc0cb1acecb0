"""The yardstick of bench/load.py: a bare Streamlit page with a title, one Plotly line chart and a 60-row table.

What one page run costs in Streamlit itself, with nothing of the dashboard in it.
"""
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

st.title("Trang đối chứng")
months = pd.date_range("2020-01-01", periods=60, freq="MS")
values = [80 + (n % 12) * 0.7 + n * 0.1 for n in range(60)]
st.plotly_chart(go.Figure(go.Scatter(x=months, y=values, mode="lines")), key="line")
st.dataframe(pd.DataFrame({"Tháng": months.strftime("%m/%Y"), "Giá trị": values, "Ghi chú": ["mẫu"] * 60}),
             hide_index=True)
